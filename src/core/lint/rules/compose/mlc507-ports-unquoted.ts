import type { ComposeRule } from '../../compose/rule';
import { mergedGet } from '../../compose/model';
import type { RuleFinding } from '../../types';
import { finding, isPlain, quoteFix, services, sourceOf } from './helpers';
import { sexagesimalRe } from './mlc008-port-mapping-sexagesimal';

export const rule: ComposeRule = {
  meta: {
    id: 'MLC507',
    name: 'ports-unquoted',
    family: 'style',
    severity: 'hint',
    enabledByDefault: false,
    fixable: true,
    ml: false,
    equivalents: { dclint: ['require-quotes-in-ports'] },
    description: 'A port entry is unquoted but is not a base-60 case (those are MLC008).',
  },
  check(ctx) {
    const view = ctx.view;
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      for (const item of view.items(mergedGet(view, s, 'ports'))) {
        const scalar = view.scalar(item);
        const raw = scalar ? sourceOf(view, scalar) : undefined;
        const range = view.range(item);
        if (!scalar || !isPlain(scalar) || raw === undefined || !range || sexagesimalRe.test(raw)) {
          continue;
        }
        out.push(finding(range, `Port entry ${raw} is unquoted; quote port entries so no YAML parser reads them as numbers.`, quoteFix(range, raw)));
      }
    }
    return out;
  },
};
