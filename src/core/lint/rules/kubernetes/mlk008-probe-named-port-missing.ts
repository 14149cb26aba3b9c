import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { containerLabel, containers, finding, nearest } from './helpers';

const probes = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const handlers = ['httpGet', 'tcpSocket', 'grpc'];

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
      let names: string[] | undefined;
      for (const probe of probes) {
        const probeNode = view.get(c.node, probe);
        if (probeNode === undefined) {
          continue;
        }
        for (const handler of handlers) {
          const portNode = view.get(view.get(probeNode, handler), 'port');
          const v = view.scalar(portNode)?.value;
          // Numeric ports need no declaration (trap T23).
          if (typeof v !== 'string' || /^\d+$/.test(v)) {
            continue;
          }
          names ??= view.list(view.get(c.node, 'ports')).map((p) => view.text(p, 'name')).filter((n): n is string => n !== undefined);
          if (names.includes(v)) {
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
