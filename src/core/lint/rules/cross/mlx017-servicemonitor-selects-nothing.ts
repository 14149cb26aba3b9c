import type { Node } from 'yaml';
import type { ObjectEntry } from '../../cross/model';
import type { YamlView } from '../../yaml/access';
import { isEmptySelector, labelSelectorMatches, namespaceUnwritten, objectLabels, objectsOfKind } from '../../cross/kube';
import type { CrossFinding, CrossRule } from '../../cross/rule';

/**
 * The selector picks Services by the operator that manages them (`app.kubernetes.io/managed-by: vllm-operator`), and no
 * Service in scope carries that label: the operator makes the Services from its custom resources, out of the manifests' sight.
 */
function selectsOperatorServices(view: YamlView, selector: Node, services: readonly ObjectEntry[]): boolean {
  const managedBy = view.text(view.get(selector, 'matchLabels'), 'app.kubernetes.io/managed-by');
  return managedBy !== undefined && !/^(?:helm|tiller|kustomize|kubectl)$/i.test(managedBy) && services.every((s) => !objectLabels(s).has('app.kubernetes.io/managed-by'));
}

/**
 * Neither the ServiceMonitor's manifest nor a kustomization names its namespace, and a Service the selector matches
 * names none either (a kustomization's `namespace:` moved it): applied with `kubectl apply -f`, both land in the same namespace.
 */
function appliedTogether(sm: ObjectEntry, view: YamlView, selector: Node, services: readonly ObjectEntry[]): boolean {
  return (
    namespaceUnwritten(sm) &&
    sm.namespace === 'default' &&
    services.some((s) => s.namespace !== sm.namespace && namespaceUnwritten(s) && labelSelectorMatches(view, selector, objectLabels(s)) !== false)
  );
}

export const rule: CrossRule = {
  meta: {
    id: 'MLX017',
    name: 'servicemonitor-selects-nothing',
    family: 'correctness',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: { kubeLinter: ['dangling-servicemonitor'] },
    description: "A ServiceMonitor's selector matches no Service in scope (GPU and serving metrics are then never scraped).",
  },
  check(ws) {
    const out: CrossFinding[] = [];
    for (const sm of objectsOfKind(ws, 'ServiceMonitor')) {
      const view = sm.obj.view;
      const selector = view.at(sm.obj.root, ['spec', 'selector']);
      const range = view.rangeOfKey(sm.obj.root, ['spec', 'selector']);
      const nsSel = view.at(sm.obj.root, ['spec', 'namespaceSelector']);
      const any = view.bool(nsSel, 'any') === true;
      const names = view.items(view.get(nsSel, 'matchNames')).map((n) => view.str(n));
      const namespaces = names.length > 0 ? names : [sm.namespace];
      const services = objectsOfKind(ws, 'Service').filter((s) => any || namespaces.includes(s.namespace));
      if (!selector || !range || services.length === 0 || isEmptySelector(view, selector)) {
        continue;
      }
      if (services.some((s) => labelSelectorMatches(view, selector, objectLabels(s)) !== false) || selectsOperatorServices(view, selector, services)) {
        continue;
      }
      if (names.length === 0 && !any && appliedTogether(sm, view, selector, objectsOfKind(ws, 'Service'))) {
        continue;
      }
      out.push({ path: sm.path, range, object: sm.obj, message: `ServiceMonitor ${sm.obj.name ?? ''} selects no Service in scope (it matches Service labels, not pod labels), so its metrics are never scraped; align the selector with the Service's metadata.labels.` });
    }
    return out;
  },
};
