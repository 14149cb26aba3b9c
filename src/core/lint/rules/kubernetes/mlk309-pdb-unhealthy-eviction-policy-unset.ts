import type { KubernetesRule } from '../../kubernetes/rule';
import { finding, insertIntoMap, wantsFixes } from './helpers';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK309',
    name: 'pdb-unhealthy-eviction-policy-unset',
    family: 'performance',
    severity: 'hint',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { kubeLinter: ['pdb-unhealthy-pod-eviction-policy'] },
    description: 'A PodDisruptionBudget does not set unhealthyPodEvictionPolicy.',
  },
  check(ctx) {
    const obj = ctx.object;
    if (!obj || obj.kind !== 'PodDisruptionBudget') {
      return [];
    }
    const view = obj.view;
    const spec = view.map(view.get(obj.root, 'spec'));
    if (spec && view.get(spec, 'unhealthyPodEvictionPolicy') !== undefined) {
      return [];
    }
    const edit = spec && wantsFixes(ctx) ? insertIntoMap(view, spec, 'unhealthyPodEvictionPolicy: AlwaysAllow') : undefined;
    return [finding(view.rangeOfKey(obj.root, ['spec']) ?? obj.anchor, 'This PodDisruptionBudget has no unhealthyPodEvictionPolicy, so crash-looping pods can block node drains; set AlwaysAllow.', edit ? { title: 'Add unhealthyPodEvictionPolicy: AlwaysAllow', edits: [edit] } : undefined)];
  },
};
