import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { finding, insertIntoMap, wantsFixes } from './helpers';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK315',
    name: 'cronjob-deadline-missing',
    family: 'performance',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { kubeScore: ['cronjob-has-deadline'] },
    description: 'A CronJob has no startingDeadlineSeconds.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    if (!obj || obj.kind !== 'CronJob') {
      return out;
    }
    const view = obj.view;
    const spec = view.map(view.get(obj.root, 'spec'));
    if (spec && view.get(spec, 'startingDeadlineSeconds') !== undefined) {
      return out;
    }
    const edit = spec && wantsFixes(ctx) ? insertIntoMap(view, spec, 'startingDeadlineSeconds: 300') : undefined;
    out.push(finding(view.rangeOfKey(obj.root, ['spec']) ?? obj.anchor, 'This CronJob has no startingDeadlineSeconds, so after a controller outage missed runs start late in a burst (or the schedule stops after 100 misses); set a deadline.', edit ? { title: 'Add startingDeadlineSeconds: 300', edits: [edit] } : undefined));
    return out;
  },
};
