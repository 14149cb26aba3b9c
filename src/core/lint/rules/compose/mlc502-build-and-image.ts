import type { ComposeRule } from '../../compose/rule';
import { mergedGet, mergedPair } from '../../compose/model';
import type { RuleFinding } from '../../types';
import { finding, services } from './helpers';

export const rule: ComposeRule = {
  meta: {
    id: 'MLC502',
    name: 'build-and-image',
    family: 'style',
    severity: 'hint',
    enabledByDefault: false,
    fixable: false,
    ml: false,
    equivalents: { dclint: ['no-build-and-image'] },
    description: 'A service has both build and image and no pull_policy.',
  },
  check(ctx) {
    const view = ctx.view;
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      const image = mergedPair(view, s, 'image');
      const range = image ? view.pairValueRange(image) : undefined;
      if (range && mergedGet(view, s, 'build') !== undefined && mergedGet(view, s, 'pull_policy') === undefined) {
        out.push(finding(range, `Service "${s.name}" has both build and image, so Compose may pull instead of build; set pull_policy (e.g. build) or drop one of them.`));
      }
    }
    return out;
  },
};
