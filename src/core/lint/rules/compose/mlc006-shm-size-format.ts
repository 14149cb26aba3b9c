import type { ComposeRule } from '../../compose/rule';
import { mergedGet, mergedPair } from '../../compose/model';
import { composeReading } from '../../compose/image';
import type { RuleFinding } from '../../types';
import { envNote, finding, services, unknownValue } from './helpers';

/**
 * What Compose's size parser (go-units RAMInBytes) accepts: a number, one optional space, a unit prefix k, m, g, t or p,
 * then an optional `i` and `b` (`8gb`, `512M`, `1gib`, `2 t`, `1.5g`, any case); prefixes are binary.
 */
export const shmSizeRe = /^(\d+(?:\.\d+)?) ?([kmgtp])?i?b?$/i;

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
    description: 'shm_size (service or build) is not a size Compose parses: bytes, or a number with a k, m, g, t or p unit.',
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
        out.push(finding(range, `shm_size "${size.value}"${envNote(size.fromEnv)} is not a size Compose understands; write bytes or a number with k, m, g or t (e.g. "8gb").`));
      }
    }
    return out;
  },
};
