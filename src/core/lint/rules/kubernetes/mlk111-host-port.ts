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
    description: 'A container port sets hostPort (not on host-network pods, where MLK108 reports).',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { obj, pod, c } of containers(ctx)) {
      for (const p of obj.view.list(obj.view.get(c.node, 'ports'))) {
        const range = obj.view.keyRange(p, 'hostPort');
        // On the host network every containerPort is a node port already and the API sets hostPort to it
        // (node-exporter's kube-rbac-proxy): MLK108 reports the hostNetwork itself.
        if (range && obj.view.scalar(obj.view.get(pod.spec, 'hostNetwork'))?.value !== true) {
          out.push(finding(range, `${containerLabel(c)} binds a hostPort, which ties the pod to a node port and limits scheduling; use a Service instead.`));
        }
      }
    }
    return out;
  },
};
