import type { KubernetesRule } from '../../kubernetes/rule';
import { finding } from './helpers';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK502',
    name: 'default-namespace',
    family: 'style',
    severity: 'hint',
    enabledByDefault: false,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['use-namespace'] },
    description: 'An object is placed in the default namespace.',
  },
  check(ctx) {
    const obj = ctx.object;
    const range = obj?.namespace === 'default' ? obj.view.rangeOfValue(obj.root, ['metadata', 'namespace']) : undefined;
    return range ? [finding(range, 'This object lives in the "default" namespace, where every user\'s workloads mix; use a dedicated namespace.')] : [];
  },
};
