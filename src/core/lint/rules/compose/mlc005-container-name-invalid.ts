import type { ComposeRule } from '../../compose/rule';
import { isInterpolated, mergedPair } from '../../compose/model';
import type { RuleFinding } from '../../types';
import { finding, services } from './helpers';

const nameRe = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export const rule: ComposeRule = {
  meta: {
    id: 'MLC005',
    name: 'container-name-invalid',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { dclint: ['service-container-name-regex'] },
    description: 'container_name does not match [a-zA-Z0-9][a-zA-Z0-9_.-]+.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      const pair = mergedPair(ctx.view, s, 'container_name');
      const name = pair ? ctx.view.str(pair.value) : undefined;
      const range = pair ? ctx.view.pairValueRange(pair) : undefined;
      if (name !== undefined && range && !isInterpolated(name) && !nameRe.test(name)) {
        out.push(finding(range, `container_name "${name}" is not a valid container name; use letters, digits, "_", "." and "-", starting with a letter or digit.`));
      }
    }
    return out;
  },
};
