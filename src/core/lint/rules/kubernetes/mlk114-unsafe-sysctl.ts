import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

const safe = new Set(['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes', 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']);

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK114',
    name: 'unsafe-sysctl',
    family: 'security',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: { kubeLinter: ['unsafe-sysctls'] },
    description: 'A pod sysctl is outside the Kubernetes safe set.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    for (const pod of obj?.podSpecs ?? []) {
      if (!obj) {
        break;
      }
      for (const s of obj.view.list(obj.view.at(pod.spec, ['securityContext', 'sysctls']))) {
        const name = obj.view.text(s, 'name');
        const range = obj.view.valueRange(s, 'name');
        if (name === undefined || safe.has(name.replace(/\//g, '.')) || !range) {
          continue;
        }
        const shm = /^kernel\.shm/.test(name) ? ' (kernel.shm* tuning does not enlarge /dev/shm: mount a memory-backed emptyDir there instead)' : '';
        out.push(finding(range, `The sysctl ${name} is not in the safe set, so the kubelet rejects the pod unless the node allow-lists it${shm}; remove it or allow-list it on the node pool.`));
      }
    }
    return out;
  },
};
