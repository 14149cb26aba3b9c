import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { appAndInitContainers, containerLabel, containers, finding, kserveDefaultsCpuAndMemory, resourcesSetAtRunTime } from './helpers';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK303',
    name: 'cpu-limit-missing',
    family: 'performance',
    severity: 'hint',
    enabledByDefault: false,
    fixable: false,
    ml: false,
    equivalents: { kubeScore: ['container-resources'], polaris: ['cpuLimitsMissing'] },
    description: 'A container has no resources.limits.cpu (off by default: CPU limits cause throttling).',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { obj, pod, c } of containers(ctx, appAndInitContainers)) {
      if (resourcesSetAtRunTime(obj, c) || kserveDefaultsCpuAndMemory(obj, pod, c)) {
        continue;
      }
      if (obj.view.at(c.node, ['resources', 'limits', 'cpu']) === undefined) {
        out.push(finding(c.anchor, `${containerLabel(c)} has no resources.limits.cpu, so it can use every idle core on the node; set a CPU limit if your cluster policy requires one.`));
      }
    }
    return out;
  },
};
