import { isLongRunningObject } from '../../kubernetes/model';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { appContainers, containerLabel, containers, finding } from './helpers';
import { alwaysSucceedingCommand } from './probe-always-succeeds';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK312',
    name: 'liveness-probe-missing',
    family: 'performance',
    severity: 'hint',
    enabledByDefault: false,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['no-liveness-probe'], kubeScore: ['pod-probes'], polaris: ['livenessProbeMissing'] },
    description: 'A long-running container has no livenessProbe, or one that always succeeds (off by default: a bad liveness probe does more harm than none).',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    if (!ctx.object || !isLongRunningObject(ctx.object)) {
      return out;
    }
    for (const { obj, c } of containers(ctx, appContainers)) {
      const view = obj.view;
      const probe = view.get(c.node, 'livenessProbe');
      const noop = alwaysSucceedingCommand(view, probe);
      if (probe === undefined) {
        out.push(finding(c.anchor, `${containerLabel(c)} has no livenessProbe, so a hung process is never restarted; add one whose budget covers start-up (or a startupProbe).`));
      } else if (noop !== undefined) {
        out.push(finding(view.keyRange(c.node, 'livenessProbe') ?? c.anchor, `${containerLabel(c)} has a livenessProbe that always succeeds (exec "${noop}"), so a hung process is never restarted; make it check the server (an httpGet on its health endpoint), with a budget that covers start-up (or a startupProbe).`));
      }
    }
    return out;
  },
};
