import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK503',
    name: 'default-service-account',
    family: 'style',
    severity: 'hint',
    enabledByDefault: false,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['default-service-account'] },
    description: 'A pod runs as the default ServiceAccount.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    for (const pod of obj?.podSpecs ?? []) {
      if (!obj) {
        break;
      }
      const view = obj.view;
      const key = view.get(pod.spec, 'serviceAccountName') !== undefined ? 'serviceAccountName' : 'serviceAccount';
      const sa = view.text(pod.spec, key) ?? 'default';
      if (sa === 'default') {
        out.push(finding(view.valueRange(pod.spec, key) ?? pod.anchor, 'This pod runs as the namespace\'s "default" ServiceAccount, which every other pod shares; give it its own ServiceAccount.'));
      }
    }
    return out;
  },
};
