import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import type { YAMLMap } from 'yaml';
import type { YamlView } from '../../yaml/access';
import { containerLabel, containers, finding } from './helpers';

const dangerous = new Set(['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_MODULE', 'SYS_PTRACE']);

/**
 * What the capability gives, and the advice. NET_ADMIN and SYS_PTRACE reach only the pod's own network and
 * processes unless the pod shares the node's (a mesh's iptables init container, such as istio-init, needs NET_ADMIN
 * in its own network namespace), so "close to root on the node" would overstate them. Reporting path only.
 */
function risk(view: YamlView, podSpec: YAMLMap, cap: string): string {
  if (cap === 'NET_ADMIN') {
    return view.bool(podSpec, 'hostNetwork') === true
      ? "which on the host network lets it reconfigure the node's interfaces, routes and firewall; remove it"
      : "which lets it rewrite the pod's own network setup (iptables rules, routes, interfaces) and intercept its traffic; remove it, or move traffic redirection into a CNI plugin (as the Istio and Linkerd CNI plugins do)";
  }
  if (cap === 'SYS_PTRACE') {
    return view.bool(podSpec, 'hostPID') === true
      ? "which with hostPID lets it read the memory of, and inject code into, every process on the node; remove it"
      : 'which lets it read the memory of, and inject code into, the processes it can see; remove it outside debugging sessions (use an ephemeral debug container)';
  }
  return 'which is close to root on the node; remove it and add only narrow capabilities';
}

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
    for (const { obj, pod, c } of containers(ctx)) {
      const view = obj.view;
      for (const item of view.list(view.at(c.node, ['securityContext', 'capabilities', 'add']))) {
        const cap = (view.str(item) ?? '').toUpperCase().replace(/^CAP_/, '');
        const range = view.range(item);
        // IPC_LOCK (RDMA memory pinning) is deliberately not on the list (trap T26).
        if (dangerous.has(cap) && range) {
          out.push(finding(range, `${containerLabel(c)} adds the ${cap} capability, ${risk(view, pod.spec, cap)}.`));
        }
      }
    }
    return out;
  },
};
