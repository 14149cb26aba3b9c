import type { ComposeRule } from '../../compose/rule';
import { mergedGet } from '../../compose/model';
import { composeReading } from '../../compose/image';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { nearest } from '../kubernetes/helpers';
import { deviceReservations, envNote, finding, replaceFix, services, unknownValue } from './helpers';

const knownDrivers = ['nvidia', 'cdi', 'amd'];

/** `rules.MLC413.options.drivers` in .mlc.yaml adds site-specific drivers. */
function extraDrivers(options: Record<string, unknown> | undefined): string[] {
  const drivers = options?.['drivers'];
  return Array.isArray(drivers) ? drivers.filter((d): d is string => typeof d === 'string') : [];
}

/** The first AMD (ROCm: /dev/kfd) or Intel/AMD render (/dev/dri) device node a `devices:` list maps, as written; else undefined. */
function amdOrIntelNode(view: YamlView, devices: unknown): string | undefined {
  for (const item of view.items(devices)) {
    const text = view.str(item) ?? view.text(item, 'source') ?? '';
    const host = text.split(':')[0] ?? '';
    if (host === '/dev/kfd' || host === '/dev/dri' || host.startsWith('/dev/dri/')) {
      return host;
    }
  }
  return undefined;
}

export const rule: ComposeRule = {
  meta: {
    id: 'MLC413',
    name: 'gpu-driver-unknown',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'A device reservation names a driver that is not a known one (nvidia, cdi, amd), usually a typo.',
  },
  check(ctx) {
    const view = ctx.view;
    const known = [...knownDrivers, ...extraDrivers(ctx.settings.ruleOptions['MLC413'])];
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      for (const device of deviceReservations(view, s)) {
        const written = view.text(device, 'driver');
        const read = written !== undefined ? composeReading(view, written) : undefined;
        const range = view.valueRange(device, 'driver');
        if (written === undefined || read === undefined || known.includes(read.value) || unknownValue(written, read.value) || !range) {
          continue;
        }
        const driver = read.value;
        const note = envNote(read.fromEnv);
        // An AMD (ROCm) or Intel service reaches its GPU through the device nodes it maps, which no driver name replaces.
        const node = amdOrIntelNode(view, mergedGet(view, s, 'devices'));
        if (node !== undefined) {
          out.push(finding(range, `"${driver}"${note} is not a known device driver, so the reservation of service "${s.name}" finds no device and the container does not start; its devices: entry ${node} already gives it the GPU, so remove the reservation (or list the driver under rules.MLC413.options.drivers in .mlc.yaml).`));
          continue;
        }
        const near = nearest(driver.toLowerCase(), knownDrivers) ?? 'nvidia';
        out.push(
          finding(
            range,
            `"${driver}"${note} is not a known device driver, so the reservation of service "${s.name}" finds no device; use "${near}" (or list the driver under rules.MLC413.options.drivers in .mlc.yaml).`,
            replaceFix(range, written, read, near),
          ),
        );
      }
    }
    return out;
  },
};
