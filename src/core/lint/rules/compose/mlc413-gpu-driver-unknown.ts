import type { ComposeRule } from '../../compose/rule';
import { isInterpolated, mergedGet } from '../../compose/model';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { nearest } from '../kubernetes/helpers';
import { deviceReservations, finding, services } from './helpers';

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
        const driver = view.text(device, 'driver');
        const range = view.valueRange(device, 'driver');
        if (driver === undefined || known.includes(driver) || isInterpolated(driver) || !range) {
          continue;
        }
        // An AMD (ROCm) or Intel service reaches its GPU through the device nodes it maps, which no driver name replaces.
        const node = amdOrIntelNode(view, mergedGet(view, s, 'devices'));
        if (node !== undefined) {
          out.push(finding(range, `"${driver}" is not a known device driver, so the reservation of service "${s.name}" finds no device and the container does not start; its devices: entry ${node} already gives it the GPU, so remove the reservation (or list the driver under rules.MLC413.options.drivers in .mlc.yaml).`));
          continue;
        }
        const near = nearest(driver.toLowerCase(), knownDrivers) ?? 'nvidia';
        out.push(
          finding(
            range,
            `"${driver}" is not a known device driver, so the reservation of service "${s.name}" finds no device; use "${near}" (or list the driver under rules.MLC413.options.drivers in .mlc.yaml).`,
            { title: `Replace with "${near}"`, edits: [{ range, newText: near }] },
          ),
        );
      }
    }
    return out;
  },
};
