import type { ComposeRule } from '../../compose/rule';
import { mergedGet } from '../../compose/model';
import type { RuleFinding } from '../../types';
import { finding, isQuoted, services } from './helpers';

/** Plain-safe: unquoting it does not change its meaning. */
const plainSafe = /^[A-Za-z0-9_./~][A-Za-z0-9_./~:,=@+-]*$/;

export const rule: ComposeRule = {
  meta: {
    id: 'MLC506',
    name: 'volumes-quoted',
    family: 'style',
    severity: 'hint',
    enabledByDefault: false,
    fixable: true,
    ml: false,
    equivalents: { dclint: ['no-quotes-in-volumes'] },
    description: 'A volume entry is quoted.',
  },
  check(ctx) {
    const view = ctx.view;
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      for (const item of view.items(mergedGet(view, s, 'volumes'))) {
        const scalar = view.scalar(item);
        const text = view.str(scalar);
        const range = view.range(item);
        if (!scalar || !isQuoted(scalar) || text === undefined || !range) {
          continue;
        }
        const fix = plainSafe.test(text) && !/: |:$/.test(text) ? { title: 'Remove the quotes', edits: [{ range, newText: text }] } : undefined;
        out.push(finding(range, `Volume entry "${text}" is quoted; write volume entries without quotes to keep the style consistent.`, fix));
      }
    }
    return out;
  },
};
