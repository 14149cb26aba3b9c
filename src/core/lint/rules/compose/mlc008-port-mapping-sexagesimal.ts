import type { ComposeRule } from '../../compose/rule';
import { mergedGet } from '../../compose/model';
import type { RuleFinding } from '../../types';
import { finding, isPlain, quoteFix, services, sourceOf } from './helpers';

/** YAML 1.1 base-60 integers: `22:22` is read as 1342 by YAML 1.1 parsers. */
export const sexagesimalRe = /^[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+$/;

export const rule: ComposeRule = {
  meta: {
    id: 'MLC008',
    name: 'port-mapping-sexagesimal',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { dclint: ['require-quotes-in-ports'] },
    description: 'An unquoted ports/expose entry a:b with b < 60, which YAML 1.1 reads as a base-60 number.',
  },
  check(ctx) {
    const view = ctx.view;
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      for (const key of ['ports', 'expose']) {
        for (const item of view.items(mergedGet(view, s, key))) {
          const scalar = view.scalar(item);
          const raw = scalar ? sourceOf(view, scalar) : undefined;
          const range = view.range(item);
          if (!scalar || !isPlain(scalar) || raw === undefined || !range || !sexagesimalRe.test(raw)) {
            continue;
          }
          out.push(finding(range, `Unquoted "${raw}" is a base-60 number to YAML 1.1 parsers (Docker's Compose reference warns about it); quote the mapping.`, quoteFix(range, raw)));
        }
      }
    }
    return out;
  },
};
