import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { containerLabel, containers, finding, nearest } from './helpers';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK008',
    name: 'probe-named-port-missing',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { kubeLinter: ['liveness-port', 'readiness-port', 'startup-port'] },
    description: 'A probe uses a named port that the container does not declare.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { obj, c } of containers(ctx)) {
      const view = obj.view;
      const names = view.items(view.get(c.node, 'ports')).map((p) => view.text(p, 'name')).filter((n): n is string => n !== undefined);
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        for (const handler of ['httpGet', 'tcpSocket', 'grpc']) {
          const portNode = view.at(c.node, [probe, handler, 'port']);
          const v = view.scalar(portNode)?.value;
          // Numeric ports need no declaration (trap T23).
          if (typeof v !== 'string' || /^\d+$/.test(v) || names.includes(v)) {
            continue;
          }
          const range = view.range(portNode);
          if (!range) {
            continue;
          }
          const suggestion = nearest(v, names);
          out.push(finding(range, `The ${probe} of ${containerLabel(c)} uses port "${v}", which the container does not declare, so the probe can never succeed; ${suggestion !== undefined ? `use "${suggestion}"` : 'declare it under ports[].name or use the port number'}.`, suggestion !== undefined ? { title: `Use port "${suggestion}"`, edits: [{ range, newText: suggestion }] } : undefined));
        }
      }
    }
    return out;
  },
};
