import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK316',
    name: 'priority-class-missing',
    family: 'performance',
    severity: 'hint',
    enabledByDefault: false,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['priority-class-name'], polaris: ['priorityClassNotSet'] },
    description: 'A pod has no priorityClassName.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    for (const pod of obj?.podSpecs ?? []) {
      if (obj && obj.view.get(pod.spec, 'priorityClassName') === undefined) {
        out.push(finding(pod.anchor, 'This pod has no priorityClassName, so the scheduler cannot tell preemptible training from serving; set a PriorityClass.'));
      }
    }
    return out;
  },
};
