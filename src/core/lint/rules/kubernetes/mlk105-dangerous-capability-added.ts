import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { containerLabel, containers, finding } from './helpers';

const dangerous = new Set(['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_MODULE', 'SYS_PTRACE']);

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK105',
    name: 'dangerous-capability-added',
    family: 'security',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { polaris: ['dangerousCapabilities'] },
    description: 'capabilities.add contains ALL, SYS_ADMIN, NET_ADMIN, SYS_MODULE or SYS_PTRACE.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { obj, c } of containers(ctx)) {
      const view = obj.view;
      for (const item of view.list(view.at(c.node, ['securityContext', 'capabilities', 'add']))) {
        const cap = (view.str(item) ?? '').toUpperCase().replace(/^CAP_/, '');
        const range = view.range(item);
        // IPC_LOCK (RDMA memory pinning) is deliberately not on the list (trap T26).
        if (dangerous.has(cap) && range) {
          out.push(finding(range, `${containerLabel(c)} adds the ${cap} capability, which is close to root on the node; remove it and add only narrow capabilities.`));
        }
      }
    }
    return out;
  },
};
