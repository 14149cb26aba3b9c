import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK115',
    name: 'windows-host-process',
    family: 'security',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { polaris: ['hostProcess'] },
    description: 'windowsOptions.hostProcess is true.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    for (const pod of obj?.podSpecs ?? []) {
      if (!obj) {
        break;
      }
      const nodes = [obj.view.at(pod.spec, ['securityContext', 'windowsOptions', 'hostProcess']), ...pod.containers.map((c) => obj.view.at(c.node, ['securityContext', 'windowsOptions', 'hostProcess']))];
      for (const node of nodes) {
        const range = obj.view.range(node);
        if (obj.view.scalar(node)?.value === true && range) {
          out.push(finding(range, 'windowsOptions.hostProcess: true runs the container as a process on the Windows host; remove it.'));
        }
      }
    }
    return out;
  },
};
