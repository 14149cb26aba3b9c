import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { appAndInitContainers, containerLabel, containers, finding, kserveDefaultsCpuAndMemory, resourcesSetAtRunTime } from './helpers';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK302',
    name: 'memory-requirements-missing',
    family: 'performance',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['unset-memory-requirements'], kubeScore: ['container-resources'], polaris: ['memoryRequestsMissing', 'memoryLimitsMissing'] },
    description: 'A container lacks requests.memory or limits.memory.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { obj, pod, c } of containers(ctx, appAndInitContainers)) {
      if (resourcesSetAtRunTime(obj, c) || kserveDefaultsCpuAndMemory(obj, pod, c)) {
        continue;
      }
      const view = obj.view;
      const resources = view.get(c.node, 'resources');
      const noRequest = view.get(view.get(resources, 'requests'), 'memory') === undefined;
      const noLimit = view.get(view.get(resources, 'limits'), 'memory') === undefined;
      if (noRequest || noLimit) {
        const missing = noRequest && noLimit ? ['resources.requests.memory', 'resources.limits.memory'] : [noRequest ? 'resources.requests.memory' : 'resources.limits.memory'];
        // A limit alone is copied to the request: say so rather than imply the pod reserves nothing.
        const advice = noRequest && !noLimit ? ', so Kubernetes reserves its whole memory limit as the request; set a request that matches its usage' : `; set ${missing.length === 2 ? 'both' : 'it'}`;
        out.push(finding(c.anchor, `${containerLabel(c)} has no ${missing.join(' and no ')}${advice} (a memory-backed /dev/shm counts against the limit).`));
      }
    }
    return out;
  },
};
