import type { Node } from 'yaml';
import { manifestsAppliedTogether } from '../../cross/applied-together';
import { buildIncludes } from '../../cross/kustomize-built-together';
import { appliedWithRemoteBase, configMapMadeByCluster, configNamed, containersOf, hasKindIn, helmChartMayMake, objectAppliedTogether, objectsOfKind, secretMadeByController } from '../../cross/kube';
import type { ObjectEntry, WorkspaceModel } from '../../cross/model';
import type { CrossFinding, CrossRule } from '../../cross/rule';

type ConfigKind = 'Secret' | 'ConfigMap';

/** `$HF_SECRET`, `${CONFIG}`, `<your-secret>`: a template placeholder (envsubst, docs), never a real name. */
const placeholder = /[$<{]/;

/**
 * Trap T22's evidence that the namespace's objects of that kind are kept in the manifests: one applied with the
 * referrer (same kustomize build, or the same folder tree), or one a kustomize build of the referrer generates. Those
 * of an unrelated folder of a monorepo linted whole (a manifest, or another app's generator) say nothing of how this
 * app's are managed.
 */
function keptBeside(ws: WorkspaceModel, entry: ObjectEntry, kind: ConfigKind): boolean {
  const facts = ws.kustomize;
  const generatorDirs = facts?.generatorDirs.get(kind)?.get(entry.namespace);
  if (facts && generatorDirs && [...generatorDirs].some((dir) => buildIncludes(facts, dir, entry.path))) {
    return true;
  }
  const paths = new Set(objectsOfKind(ws, kind, entry.namespace).map((o) => o.path));
  return [...paths].some((path) => manifestsAppliedTogether(ws, entry.path, path));
}

/** keptBeside, asked once per (file, namespace, kind): a file's references share the answer. */
function keptBesideOnce(): (ws: WorkspaceModel, entry: ObjectEntry, kind: ConfigKind) => boolean {
  const answers = new Map<string, boolean>();
  return (ws, entry, kind) => {
    const key = `${entry.path}\0${entry.namespace}\0${kind}`;
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = keptBeside(ws, entry, kind);
      answers.set(key, answer);
    }
    return answer;
  };
}

export const rule: CrossRule = {
  meta: {
    id: 'MLX014',
    name: 'referenced-config-missing',
    family: 'correctness',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['env-value-from'] },
    description: 'An env/envFrom/volume reference names a Secret or ConfigMap that is not in scope.',
  },
  check(ws) {
    const out: CrossFinding[] = [];
    const evidence = keptBesideOnce();
    for (const entry of ws.objects) {
      // Trap T22: with no object of that kind in the namespace, it is managed elsewhere (HF token Secrets usually are).
      const secrets = hasKindIn(ws, 'Secret', entry.namespace);
      const configMaps = hasKindIn(ws, 'ConfigMap', entry.namespace);
      // Nor are those of a remote kustomize base applied with it.
      if ((!secrets && !configMaps) || appliedWithRemoteBase(ws, entry)) {
        continue;
      }
      const view = entry.obj.view;
      const check = (kind: ConfigKind, node: Node | undefined, key: string): void => {
        if (node === undefined || !(kind === 'Secret' ? secrets : configMaps)) {
          return;
        }
        const name = view.text(node, key);
        if (name === undefined || placeholder.test(name) || configNamed(ws, kind, entry.namespace, name)) {
          return;
        }
        // The Secret an ExternalSecret, SealedSecret, Certificate or OpenShift serving-cert Service makes is not in the manifests.
        if (kind === 'Secret' && secretMadeByController(ws, entry.namespace, name)) {
          return;
        }
        // Nor are the CA ConfigMaps the cluster puts in every namespace.
        if (kind === 'ConfigMap' && configMapMadeByCluster(name)) {
          return;
        }
        // Nor those of a chart a HelmRelease or Argo CD Application renders into the namespace.
        if (objectAppliedTogether(ws, entry, kind, name) || helmChartMayMake(ws, entry.namespace, name)) {
          return;
        }
        const range = view.valueRange(node, key);
        if (range && view.bool(node, 'optional') !== true && evidence(ws, entry, kind)) {
          out.push({ path: entry.path, range, object: entry.obj, message: `${kind} "${name}" is not in namespace ${entry.namespace} in scope, though other ${kind}s are; add it, fix the name, or mark the reference optional: true.` });
        }
      };
      for (const { c } of containersOf(entry)) {
        for (const env of view.items(view.get(c.node, 'env'))) {
          check('Secret', view.at(env, ['valueFrom', 'secretKeyRef']), 'name');
          check('ConfigMap', view.at(env, ['valueFrom', 'configMapKeyRef']), 'name');
        }
        for (const from of view.items(view.get(c.node, 'envFrom'))) {
          check('Secret', view.get(from, 'secretRef'), 'name');
          check('ConfigMap', view.get(from, 'configMapRef'), 'name');
        }
      }
      for (const pod of entry.obj.podSpecs) {
        for (const vol of view.items(view.get(pod.spec, 'volumes'))) {
          check('Secret', view.get(vol, 'secret'), 'secretName');
          check('ConfigMap', view.get(vol, 'configMap'), 'name');
        }
      }
    }
    return out;
  },
};
