import type { KubernetesRule } from '../../kubernetes/rule';
import { finding } from './helpers';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK308',
    name: 'pdb-allows-no-disruption',
    family: 'performance',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['pdb-max-unavailable'], polaris: ['pdbDisruptionsIsZero'], kubeScore: ['poddisruptionbudget-has-policy'] },
    description: 'A PodDisruptionBudget allows no voluntary disruption (maxUnavailable 0 or 0%, or minAvailable 100%).',
  },
  check(ctx) {
    const obj = ctx.object;
    if (!obj || obj.kind !== 'PodDisruptionBudget') {
      return [];
    }
    const view = obj.view;
    const spec = view.get(obj.root, 'spec');
    const max = view.str(view.get(spec, 'maxUnavailable'))?.trim();
    const min = view.str(view.get(spec, 'minAvailable'))?.trim();
    const blocking = max !== undefined && /^0+%?$/.test(max) ? 'maxUnavailable' : min !== undefined && /^100%$/.test(min) ? 'minAvailable' : undefined;
    const range = blocking ? view.valueRange(spec, blocking) : undefined;
    return range ? [finding(range, `${blocking === 'maxUnavailable' ? `maxUnavailable: ${max ?? ''}` : 'minAvailable: 100%'} lets no pod be evicted, so node drains and upgrades block forever; allow at least one disruption.`)] : [];
  },
};
