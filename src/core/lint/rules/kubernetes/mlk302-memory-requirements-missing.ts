import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { containerLabel, containers, finding } from './helpers';

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
    for (const { obj, c } of containers(ctx, ['containers', 'initContainers'])) {
      const view = obj.view;
      const missing = ['requests', 'limits'].filter((s) => view.at(c.node, ['resources', s, 'memory']) === undefined).map((s) => `resources.${s}.memory`);
      if (missing.length > 0) {
        out.push(finding(c.anchor, `${containerLabel(c)} has no ${missing.join(' and no ')}; set ${missing.length === 2 ? 'both' : 'it'} (a memory-backed /dev/shm counts against the limit).`));
      }
    }
    return out;
  },
};
