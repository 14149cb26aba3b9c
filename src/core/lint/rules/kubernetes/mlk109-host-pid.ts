import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK109',
    name: 'host-pid',
    family: 'security',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['host-pid'], polaris: ['hostPIDSet'] },
    description: 'The pod sets hostPID: true.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    // Node agents in the exempt namespaces (device plugins, DCGM, node tuning) need the host, as for MLK101.
    if (obj && ctx.cluster.exemptNamespaces.includes(obj.namespace ?? '')) {
      return out;
    }
    for (const pod of obj?.podSpecs ?? []) {
      const node = obj?.view.get(pod.spec, 'hostPID');
      const range = obj?.view.range(node);
      if (obj && obj.view.scalar(node)?.value === true && range) {
        out.push(finding(range, 'hostPID: true lets the pod see and signal every process on the node; remove it.'));
      }
    }
    return out;
  },
};
