import { isBatchJob } from '../../kubernetes/model';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { containerLabel, containers, finding } from './helpers';

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
    description: 'A container declares port 22 or a port below 1024.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    // MPIJob launchers and workers talk SSH between pods (trap T25), as do a Volcano Job's tasks under its ssh plugin.
    const obj = ctx.object;
    if (obj?.kind === 'MPIJob' || (obj && obj.kind === 'Job' && !isBatchJob(obj) && obj.view.at(obj.root, ['spec', 'plugins', 'ssh']) !== undefined)) {
      return out;
    }
    for (const { obj, c } of containers(ctx)) {
      for (const p of obj.view.list(obj.view.get(c.node, 'ports'))) {
        const port = obj.view.scalar(obj.view.get(p, 'containerPort'))?.value;
        const range = typeof port === 'number' && port > 0 && port < 1024 ? obj.view.valueRange(p, 'containerPort') : undefined;
        if (typeof port === 'number' && range) {
          out.push(finding(range, port === 22 ? `${containerLabel(c)} exposes SSH (port 22); use kubectl exec or a port-forward instead of an SSH server.` : `${containerLabel(c)} listens on privileged port ${port}, which needs root or NET_BIND_SERVICE; listen on a port ≥ 1024 and map it in the Service.`));
        }
      }
    }
    return out;
  },
};
