import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import type { Node, YAMLMap } from 'yaml';
import type { YamlView } from '../../yaml/access';
import { commandWords } from '../../kubernetes/gpu';
import { containerLabel, containers, finding } from './helpers';
import { afterLastSlash } from '../../after-last-slash';

const dangerous = new Set(['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_MODULE', 'SYS_PTRACE']);

const iptablesPrograms = new Set(['iptables', 'ip6tables', 'iptables-legacy', 'iptables-nft', 'ip6tables-legacy', 'ip6tables-nft']);

/**
 * The destinations of the container's command when all it does is append or insert iptables rules in the OUTPUT chain
 * that DROP or REJECT (z2jh's block-cloud-metadata init container drops egress to 169.254.169.254), behind an
 * optional `sh -c`; undefined otherwise. Reporting path only.
 */
function egressBlockDestinations(view: YamlView, container: Node): string[] | undefined {
  const words = commandWords(view, container);
  const start = words.length >= 2 && /^(?:\/(?:usr\/)?bin\/)?(?:ba|da)?sh$/.test(words[0] ?? '') && words[1] === '-c' ? 2 : 0;
  const commands: string[][] = [[]];
  for (const raw of words.slice(start)) {
    for (const piece of raw.replace(/^["']|["']$/g, '').split(/(&&|;)/)) {
      if (piece === '&&' || piece === ';') {
        commands.push([]);
      } else if (piece !== '') {
        commands[commands.length - 1]?.push(piece);
      }
    }
  }
  const destinations: string[] = [];
  let rules = 0;
  for (const cmd of commands) {
    if (cmd.length === 0) {
      continue;
    }
    const program = cmd[0] ?? '';
    if (!iptablesPrograms.has(afterLastSlash(program))) {
      return undefined;
    }
    const after = (flags: readonly string[]): string | undefined => {
      const k = cmd.findIndex((w) => flags.includes(w));
      return k >= 0 ? cmd[k + 1] : undefined;
    };
    const chain = after(['-A', '--append', '-I', '--insert']);
    const target = after(['-j', '--jump'])?.toUpperCase();
    if (chain !== 'OUTPUT' || (target !== 'DROP' && target !== 'REJECT')) {
      return undefined;
    }
    const destination = after(['-d', '--destination', '--dst']);
    if (destination !== undefined && !destinations.includes(destination)) {
      destinations.push(destination);
    }
    rules++;
  }
  return rules > 0 ? destinations : undefined;
}

/** The egress-blocking advice: a NetworkPolicy egress rule whose ipBlock excepts the dropped IPv4 destinations. */
function egressAdvice(destinations: readonly string[]): string {
  const to = destinations.length > 0 ? ` to ${destinations.join(', ')}` : '';
  const ipv4 = destinations.length > 0 && destinations.every((d) => /^[\d./]+$/.test(d));
  const except = ipv4 ? ` (an ipBlock 0.0.0.0/0 with except: [${destinations.map((d) => (d.includes('/') ? d : `${d}/32`)).join(', ')}])` : '';
  return `which it uses only for iptables rules that drop the pod's egress${to} but which would let it rewrite all of the pod's network setup; remove it and block that egress with a NetworkPolicy egress rule instead${except}`;
}

/**
 * What the capability gives, and the advice. NET_ADMIN and SYS_PTRACE reach only the pod's own network and
 * processes unless the pod shares the node's (a mesh's iptables init container, such as istio-init, needs NET_ADMIN
 * in its own network namespace), so "close to root on the node" would overstate them. Reporting path only.
 */
function risk(view: YamlView, podSpec: YAMLMap, container: Node, cap: string): string {
  if (cap === 'NET_ADMIN') {
    if (view.bool(podSpec, 'hostNetwork') === true) {
      return "which on the host network lets it reconfigure the node's interfaces, routes and firewall; remove it";
    }
    const destinations = egressBlockDestinations(view, container);
    return destinations !== undefined
      ? egressAdvice(destinations)
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
          out.push(finding(range, `${containerLabel(c)} adds the ${cap} capability, ${risk(view, pod.spec, c.node, cap)}.`));
        }
      }
    }
    return out;
  },
};
