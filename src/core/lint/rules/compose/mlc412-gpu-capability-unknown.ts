import type { ComposeRule } from '../../compose/rule';
import { composeReading } from '../../compose/image';
import type { RuleFinding } from '../../types';
import { nearest } from '../kubernetes/helpers';
import { deviceReservations, envNote, finding, replaceFix, services, unknownValue } from './helpers';

const known = ['gpu', 'compute', 'utility', 'graphics', 'video', 'display', 'compat32', 'tpu'];

export const rule: ComposeRule = {
  meta: {
    id: 'MLC412',
    name: 'gpu-capability-unknown',
    family: 'ml',
    severity: 'error',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'A device reservation asks for a capability no device driver knows (e.g. gpus), so no device matches.',
  },
  check(ctx) {
    const view = ctx.view;
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      for (const device of deviceReservations(view, s)) {
        for (const cap of view.items(view.get(device, 'capabilities'))) {
          const written = view.str(cap);
          const read = written !== undefined ? composeReading(view, written) : undefined;
          const range = view.range(cap);
          if (written === undefined || read === undefined || known.includes(read.value) || unknownValue(written, read.value) || !range) {
            continue;
          }
          const value = read.value;
          const near = nearest(value.toLowerCase(), known) ?? 'gpu';
          out.push(
            finding(
              range,
              `"${value}"${envNote(read.fromEnv)} is not a device capability, so the reservation of service "${s.name}" matches no device and the container does not start; use "${near}" (known: ${known.join(', ')}).`,
              replaceFix(range, written, read, near),
            ),
          );
        }
      }
    }
    return out;
  },
};
