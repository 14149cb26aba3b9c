import { isEmptySelector, labelSelectorMatches, objectLabels, objectsOfKind } from '../../cross/kube';
import type { CrossFinding, CrossRule } from '../../cross/rule';

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
      if (services.some((s) => labelSelectorMatches(view, selector, objectLabels(s)) !== false)) {
        continue;
      }
      out.push({ path: sm.path, range, object: sm.obj, message: `ServiceMonitor ${sm.obj.name ?? ''} selects no Service in scope (it matches Service labels, not pod labels), so its metrics are never scraped; align the selector with the Service's metadata.labels.` });
    }
    return out;
  },
};
