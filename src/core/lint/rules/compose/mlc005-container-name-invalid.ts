import type { ComposeRule } from '../../compose/rule';
import { mergedPair } from '../../compose/model';
import { composeReading } from '../../compose/image';
import type { RuleFinding } from '../../types';
import { envNote, finding, services, unknownValue } from './helpers';

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
      const written = pair ? ctx.view.str(pair.value) : undefined;
      const name = written !== undefined ? composeReading(ctx.view, written) : undefined;
      const range = pair ? ctx.view.pairValueRange(pair) : undefined;
      if (written !== undefined && name !== undefined && range && !unknownValue(written, name.value) && !nameRe.test(name.value)) {
        out.push(finding(range, `container_name "${name.value}"${envNote(name.fromEnv)} is not a valid container name; use letters, digits, "_", "." and "-", starting with a letter or digit.`));
      }
    }
    return out;
  },
};
