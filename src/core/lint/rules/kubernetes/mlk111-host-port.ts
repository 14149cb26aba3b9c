import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { containerLabel, containers, finding } from './helpers';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK111',
    name: 'host-port',
    family: 'security',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { polaris: ['hostPortSet'] },
    description: 'A container port sets hostPort.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { obj, c } of containers(ctx)) {
      for (const p of obj.view.list(obj.view.get(c.node, 'ports'))) {
        const range = obj.view.keyRange(p, 'hostPort');
        if (range) {
          out.push(finding(range, `${containerLabel(c)} binds a hostPort, which ties the pod to a node port and limits scheduling; use a Service instead.`));
        }
      }
    }
    return out;
  },
};
