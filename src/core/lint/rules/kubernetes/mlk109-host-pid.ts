import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import { hostAccessExempt } from './gpu-node-agents';

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
    for (const pod of obj?.podSpecs ?? []) {
      const node = obj?.view.get(pod.spec, 'hostPID');
      const range = obj?.view.range(node);
      // Node agents (the GPU driver and container toolkit, node tuning) need the host's processes, as for MLK101.
      if (obj && obj.view.scalar(node)?.value === true && range && !hostAccessExempt(ctx, obj, pod)) {
        out.push(finding(range, 'hostPID: true lets the pod see and signal every process on the node; remove it.'));
      }
    }
    return out;
  },
};
