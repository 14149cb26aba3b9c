import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import { exposesMlUi } from './mlk420-ml-ui-exposed';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK124',
    name: 'service-externally-exposed',
    family: 'security',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['exposed-services'], kubeScore: ['service-type'] },
    description: 'A Service has type LoadBalancer or NodePort.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    if (!obj || obj.kind !== 'Service') {
      return out;
    }
    const spec = obj.view.get(obj.root, 'spec');
    const type = obj.view.text(spec, 'type');
    const range = type === 'LoadBalancer' || type === 'NodePort' ? obj.view.valueRange(spec, 'type') : undefined;
    // ML UI ports are MLK420's (a warning with a fix).
    if (range && !exposesMlUi(ctx, obj)) {
      out.push(finding(range, `This ${type} Service is reachable from outside the cluster; use ClusterIP behind an Ingress or gateway unless external exposure is intended.`));
    }
    return out;
  },
};
