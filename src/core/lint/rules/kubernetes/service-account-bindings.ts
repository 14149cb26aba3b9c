import { documentObject } from '../../kubernetes/document-object';
import type { KubeObject } from '../../kubernetes/model';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import type { YamlFile } from '../../yaml/parse';

/** A ServiceAccount a RoleBinding or ClusterRoleBinding grants a role to; `namespace` undefined where the file does not say. */
interface BoundServiceAccount {
  namespace: string | undefined;
}

const kept = Symbol('boundServiceAccounts');
type FileWithBindings = YamlFile & { [kept]?: readonly BoundServiceAccount[] };

/**
 * The ServiceAccounts the file's RoleBindings and ClusterRoleBindings name as subjects. A subject without a namespace
 * is in its RoleBinding's (RBAC's appliesToUser). Read once per file.
 */
function fileBoundServiceAccounts(file: YamlFile): readonly BoundServiceAccount[] {
  const known = (file as FileWithBindings)[kept];
  if (known !== undefined) {
    return known;
  }
  const bound: BoundServiceAccount[] = [];
  for (const document of file.text.includes('RoleBinding') ? file.documents : []) {
    const obj = document.skipped === undefined ? documentObject(file, document) : undefined;
    if (!obj || (obj.kind !== 'RoleBinding' && obj.kind !== 'ClusterRoleBinding') || apiGroupOf(obj.apiVersion) !== 'rbac.authorization.k8s.io') {
      continue;
    }
    const view = obj.view;
    for (const subject of view.list(view.get(obj.root, 'subjects'))) {
      if (view.text(subject, 'kind') === 'ServiceAccount') {
        bound.push({ namespace: view.text(subject, 'namespace') ?? (obj.kind === 'RoleBinding' ? obj.namespace : undefined) });
      }
    }
  }
  (file as FileWithBindings)[kept] = bound;
  return bound;
}

/**
 * The object's file grants a role to a ServiceAccount of its namespace (a namespace left unsaid matches any): its pods
 * likely call the API, under that account or (by mistake) the default one.
 */
export function fileBindsServiceAccountNear(obj: KubeObject): boolean {
  return fileBoundServiceAccounts(obj.view.file).some((sa) => sa.namespace === undefined || obj.namespace === undefined || sa.namespace === obj.namespace);
}
