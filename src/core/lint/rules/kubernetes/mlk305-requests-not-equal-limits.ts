import { parseQuantity } from '../../kubernetes/quantity';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding, TextEdit } from '../../types';
import { appAndInitContainers, containerLabel, containers, finding, resourcesSetAtRunTime } from './helpers';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK305',
    name: 'requests-not-equal-limits',
    family: 'performance',
    severity: 'hint',
    enabledByDefault: false,
    fixable: true,
    ml: false,
    equivalents: { kubeScore: ['container-resource-requests-equal-limits', 'container-cpu-requests-equal-limits', 'container-memory-requests-equal-limits', 'container-ephemeral-storage-request-equals-limit'] },
    description: 'A container\'s CPU or memory requests differ from its limits (not Guaranteed QoS).',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { obj, c } of containers(ctx, appAndInitContainers)) {
      if (resourcesSetAtRunTime(obj, c)) {
        continue;
      }
      const view = obj.view;
      const differing: string[] = [];
      const edits: TextEdit[] = [];
      for (const resource of ['cpu', 'memory']) {
        const request = view.at(c.node, ['resources', 'requests', resource]);
        const limit = view.at(c.node, ['resources', 'limits', resource]);
        // An unset request defaults to the limit; neither set is MLK301/MLK302's finding.
        if (request === undefined) {
          continue;
        }
        const limitText = view.str(limit);
        const requestQ = parseQuantity(view.scalar(request)?.value);
        const limitQ = parseQuantity(view.scalar(limit)?.value);
        if (limit !== undefined && (requestQ === undefined || limitQ === undefined || Math.abs(requestQ - limitQ) <= 1e-9 * Math.max(Math.abs(requestQ), Math.abs(limitQ)))) {
          continue;
        }
        differing.push(limit === undefined ? `${resource} (no limit)` : resource);
        const at = view.rangeOfValue(c.node, ['resources', 'requests', resource]);
        if (limitText !== undefined && at) {
          edits.push({ range: at, newText: limitText });
        }
      }
      if (differing.length > 0) {
        const fix = edits.length === differing.length ? { title: 'Set requests equal to limits', edits } : undefined;
        out.push(finding(c.anchor, `${containerLabel(c)} requests differ from limits for ${differing.join(' and ')}, so it is not Guaranteed QoS and is evicted first under pressure; set requests equal to limits.`, fix));
      }
    }
    return out;
  },
};
