import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK501',
    name: 'deprecated-service-account-field',
    family: 'style',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { kubeLinter: ['deprecated-service-account-field'] },
    description: 'The pod spec uses the deprecated serviceAccount field instead of serviceAccountName.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    for (const pod of obj?.podSpecs ?? []) {
      const range = obj?.view.keyRange(pod.spec, 'serviceAccount');
      if (!obj || !range) {
        continue;
      }
      const hasName = obj.view.get(pod.spec, 'serviceAccountName') !== undefined;
      const fix = hasName ? undefined : { title: 'Rename to serviceAccountName', edits: [{ range, newText: 'serviceAccountName' }] };
      out.push(finding(range, 'serviceAccount is a deprecated alias; use serviceAccountName.', fix));
    }
    return out;
  },
};
