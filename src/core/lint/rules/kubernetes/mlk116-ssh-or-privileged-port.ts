import { isBatchJob } from '../../kubernetes/model';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import type { ContainerRef, PodSpecRef } from '../../kubernetes/model';
import type { YamlView } from '../../yaml/access';
import { containerLabel, containers, finding } from './helpers';

/**
 * The container may bind `port` without root: it adds NET_BIND_SERVICE itself (the one capability the restricted
 * Pod Security Standard lets a pod add; ingress-nginx, CoreDNS), or the pod lowers `net.ipv4.ip_unprivileged_port_start`
 * to `port` or below (a safe, namespaced sysctl; CoreDNS sets it to 53). Only asked for a port below 1024.
 */
function mayBindUnprivileged(view: YamlView, pod: PodSpecRef, c: ContainerRef, port: number): boolean {
  for (const item of view.list(view.at(c.node, ['securityContext', 'capabilities', 'add']))) {
    const cap = (view.str(item) ?? '').toUpperCase();
    if (cap === 'NET_BIND_SERVICE' || cap === 'CAP_NET_BIND_SERVICE') {
      return true;
    }
  }
  // The sysctl is per network namespace, so it does nothing on the host network.
  if (view.scalar(view.get(pod.spec, 'hostNetwork'))?.value === true) {
    return false;
  }
  for (const sysctl of view.list(view.at(pod.spec, ['securityContext', 'sysctls']))) {
    if (view.str(view.get(sysctl, 'name')) === 'net.ipv4.ip_unprivileged_port_start') {
      const value = (view.text(sysctl, 'value') ?? '').trim();
      return /^\d+$/.test(value) && Number(value) <= port;
    }
  }
  return false;
}

/**
 * In its own network namespace a pod's non-root process may bind a low port where the runtime lowers
 * ip_unprivileged_port_start there: containerd's CRI does by default since 2.0 (enable_unprivileged_ports), CRI-O and
 * containerd 1.x do not. On the host network the node's own setting applies.
 */
function privilegedPortMessage(view: YamlView, pod: PodSpecRef, c: ContainerRef, port: number): string {
  if (view.scalar(view.get(pod.spec, 'hostNetwork'))?.value === true) {
    return `${containerLabel(c)} listens on privileged port ${port} on the host network, where only root or the NET_BIND_SERVICE capability may bind it; listen on a port ≥ 1024, or add only the NET_BIND_SERVICE capability (drop the rest).`;
  }
  return `${containerLabel(c)} listens on privileged port ${port}, which a process without root or NET_BIND_SERVICE may bind only where the runtime lowers net.ipv4.ip_unprivileged_port_start (containerd 2.x does by default; CRI-O and containerd 1.x do not); set that sysctl to 0 in the pod's securityContext.sysctls, add only the NET_BIND_SERVICE capability, or listen on a port ≥ 1024 and map it in the Service.`;
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK116',
    name: 'ssh-or-privileged-port',
    family: 'security',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['ssh-port', 'privileged-ports'] },
    description: 'A container declares port 22, or a port below 1024 without NET_BIND_SERVICE or a lowered ip_unprivileged_port_start.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    // MPIJob launchers and workers talk SSH between pods (trap T25), as do a Volcano Job's tasks under its ssh plugin.
    const obj = ctx.object;
    if (obj?.kind === 'MPIJob' || (obj && obj.kind === 'Job' && !isBatchJob(obj) && obj.view.at(obj.root, ['spec', 'plugins', 'ssh']) !== undefined)) {
      return out;
    }
    for (const { obj, pod, c } of containers(ctx)) {
      for (const p of obj.view.list(obj.view.get(c.node, 'ports'))) {
        const port = obj.view.scalar(obj.view.get(p, 'containerPort'))?.value;
        const range = typeof port === 'number' && port > 0 && port < 1024 ? obj.view.valueRange(p, 'containerPort') : undefined;
        // SSH is reported whatever the privileges; another low port only when binding it may still need root.
        if (typeof port === 'number' && range && (port === 22 || !mayBindUnprivileged(obj.view, pod, c, port))) {
          out.push(finding(range, port === 22 ? `${containerLabel(c)} exposes SSH (port 22); use kubectl exec or a port-forward instead of an SSH server.` : privilegedPortMessage(obj.view, pod, c, port)));
        }
      }
    }
    return out;
  },
};
