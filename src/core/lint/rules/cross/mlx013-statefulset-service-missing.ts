import { hasKindIn, objectsOfKind } from '../../cross/kube';
import type { CrossFinding, CrossRule } from '../../cross/rule';

export const rule: CrossRule = {
  meta: {
    id: 'MLX013',
    name: 'statefulset-service-missing',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeScore: ['statefulset-has-servicename'] },
    description: "A StatefulSet's serviceName is not a headless Service (clusterIP: None) in scope.",
  },
  check(ws) {
    const out: CrossFinding[] = [];
    for (const sts of objectsOfKind(ws, 'StatefulSet')) {
      const view = sts.obj.view;
      const name = view.text(view.get(sts.obj.root, 'spec'), 'serviceName');
      const range = view.rangeOfValue(sts.obj.root, ['spec', 'serviceName']);
      if (name === undefined || name === '' || !range || !hasKindIn(ws, 'Service', sts.namespace)) {
        continue;
      }
      const svc = objectsOfKind(ws, 'Service', sts.namespace).find((s) => s.obj.name === name);
      const headless = svc && svc.obj.view.text(svc.obj.view.get(svc.obj.root, 'spec'), 'clusterIP') === 'None';
      if (headless) {
        continue;
      }
      out.push({
        path: sts.path,
        range,
        object: sts.obj,
        message: svc
          ? `serviceName "${name}" is a Service with a cluster IP; a StatefulSet needs a headless Service (clusterIP: None) for stable pod DNS names. Make it headless or add a headless one.`
          : `serviceName "${name}" is not a Service in namespace ${sts.namespace} in scope; add a headless Service (clusterIP: None) with that name.`,
        ...(svc ? { related: { path: svc.path, range: svc.obj.anchor, message: 'the Service that is not headless' } } : {}),
      });
    }
    return out;
  },
};
