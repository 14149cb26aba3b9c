import type { KubernetesRule } from '../../kubernetes/rule';
import type { YamlView } from '../../yaml/access';
import type { RuleFinding } from '../../types';
import { appContainers, containerLabel, containers, finding } from './helpers';
import { probeCanFail } from './probe-always-succeeds';

/** A canonical text of a YAML value (aliases followed, mapping keys sorted), for structural equality. */
function canonical(view: YamlView, node: unknown, depth = 0): string {
  if (depth > 50) {
    return '…';
  }
  const map = view.map(node);
  if (map) {
    return `{${view.entries(map).map(([k, p]) => `${JSON.stringify(k)}:${canonical(view, p.value, depth + 1)}`).sort().join(',')}}`;
  }
  const seq = view.seq(node);
  if (seq) {
    return `[${view.list(seq).map((i) => canonical(view, i, depth + 1)).join(',')}]`;
  }
  return JSON.stringify(view.scalar(node)?.value ?? null);
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK313',
    name: 'probes-identical',
    family: 'performance',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeScore: ['pod-probes-identical'] },
    description: 'The readiness and liveness probes of a container are identical (same handler and thresholds).',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { obj, c } of containers(ctx, appContainers)) {
      const view = obj.view;
      const readiness = view.map(view.get(c.node, 'readinessProbe'));
      const liveness = view.map(view.get(c.node, 'livenessProbe'));
      const range = view.keyRange(c.node, 'livenessProbe');
      // A liveness probe that always succeeds restarts nothing, whatever the readiness probe is.
      if (!readiness || !liveness || !range || !probeCanFail(view, c.node, 'livenessProbe') || canonical(view, readiness) !== canonical(view, liveness)) {
        continue;
      }
      // A TCP connect to the container's own port checks no dependency: the risk is only that the restart comes
      // at the same moment as the removal from traffic, so an overloaded container never gets to recover.
      const why = view.get(liveness, 'tcpSocket') !== undefined
        ? 'so a container too busy to accept connections is restarted the moment it is taken out of traffic, with no time to recover; give the liveness probe a higher failureThreshold or periodSeconds than the readiness probe'
        : 'so a failing dependency restarts it instead of only stopping traffic; make the liveness probe check the process itself, or relax its thresholds';
      out.push(finding(range, `${containerLabel(c)} uses the same check for liveness and readiness, ${why}.`));
    }
    return out;
  },
};
