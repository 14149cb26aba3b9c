import type { ComposeRule } from '../../compose/rule';
import { mergedGet, mergedPair } from '../../compose/model';
import { composeReading } from '../../compose/image';
import type { RuleFinding } from '../../types';
import { envNote, finding, services, unknownValue } from './helpers';

/** An integer byte count, or `<number><unit>` with b, k, kb, m, mb, g, gb (any case). */
export const shmSizeRe = /^\d+(?:\.\d+)?\s*(?:[bkmg]|[kmg]b)?$/i;

export const rule: ComposeRule = {
  meta: {
    id: 'MLC006',
    name: 'shm-size-format',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: 'shm_size (service or build) is not an integer or a <number><unit> string.',
  },
  check(ctx) {
    const view = ctx.view;
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      for (const owner of [s, mergedGet(view, s, 'build')]) {
        const pair = owner ? mergedPair(view, owner, 'shm_size') : undefined;
        const written = pair ? view.str(pair.value) : undefined;
        const size = written !== undefined ? composeReading(view, written) : undefined;
        const range = pair ? view.pairValueRange(pair) : undefined;
        if (written === undefined || size === undefined || !range || unknownValue(written, size.value) || shmSizeRe.test(size.value)) {
          continue;
        }
        out.push(finding(range, `shm_size "${size.value}"${envNote(size.fromEnv)} is not a size Compose understands; write bytes or a number with b, k, m or g (e.g. "8gb").`));
      }
    }
    return out;
  },
};
