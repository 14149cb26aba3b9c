import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { finding, insertIntoMap, wantsFixes } from './helpers';
import { gpuJobScopes } from './jobs';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK414',
    name: 'gpu-job-without-deadline',
    family: 'ml',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'A GPU Job has no activeDeadlineSeconds.',
  },
  check(ctx) {
    if (!ctx.object) {
      return [];
    }
    const view = ctx.object.view;
    const out: RuleFinding[] = [];
    for (const scope of gpuJobScopes(ctx.object, ctx.cluster)) {
      if ((scope.fields && view.get(scope.fields, 'activeDeadlineSeconds') !== undefined) || scope.placeholder) {
        continue;
      }
      const edit = scope.fields && wantsFixes(ctx) ? insertIntoMap(view, scope.fields, 'activeDeadlineSeconds: 86400') : undefined;
      const hung = scope.deviceCheck ? 'a device check that hangs on a wedged GPU or driver' : scope.noun === 'GPU' ? 'a hung NCCL collective' : 'a hung collective';
      out.push(finding(scope.anchor, `${scope.label} has no activeDeadlineSeconds, so ${hung} can hold the ${scope.noun}s indefinitely; set a deadline a little above the expected run time.`, edit ? { title: 'Add activeDeadlineSeconds: 86400', edits: [edit] } : undefined));
    }
    return out;
  },
};
