import type { ComposeRule } from '../../compose/rule';
import { mergedGet } from '../../compose/model';
import type { Node } from 'yaml';
import type { Fix, RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import type { ComposeService } from '../../compose/model';
import { allGpusReservation, deviceReservations, finding, insertKey, isGpuReservation, reservationDriver, services } from './helpers';

/** `2.29.7` → [2, 29, 7]; undefined when not a version. */
function version(text: string): number[] | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

function below(a: number[], b: number[]): boolean {
  for (let k = 0; k < 3; k++) {
    if ((a[k] ?? 0) !== (b[k] ?? 0)) {
      return (a[k] ?? 0) < (b[k] ?? 0);
    }
  }
  return false;
}

/** `gpus: all` → the equivalent device reservation, in a block mapping without deploy: yet. */
function toReservation(view: YamlView, service: ComposeService): Fix | undefined {
  const pair = view.pair(service.node, 'gpus');
  const key = pair ? view.range(pair.key) : undefined;
  const value = pair ? view.range(pair.value) : undefined;
  if (!pair || !key || !value || view.str(pair.value) !== 'all' || service.node.flow || mergedGet(view, service, 'deploy') !== undefined) {
    return undefined;
  }
  return { title: 'Convert to a GPU device reservation', edits: [{ range: { start: key.start, end: value.end }, newText: allGpusReservation.join(`\n${' '.repeat(key.start.column - 1)}`) }] };
}

/**
 * A GPU reservation that names no GPUs: neither count nor device_ids. Compose 2.30 (compose-go 2.4) sends it as
 * count: all; older Compose sends count 0, which Docker Engine 27.3 and later turns into NVIDIA_VISIBLE_DEVICES=void,
 * so the container starts without a GPU. CDI reservations are MLC402's.
 */
function namesNoGpus(view: YamlView, device: Node): boolean {
  return isGpuReservation(view, device) && reservationDriver(view, device) !== 'cdi' && mergedGet(view, device, 'count') === undefined && mergedGet(view, device, 'device_ids') === undefined;
}

export const rule: ComposeRule = {
  meta: {
    id: 'MLC407',
    name: 'gpus-field-needs-compose-2-30',
    family: 'ml',
    severity: 'info',
    enabledByDefault: false,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'gpus:, or a GPU reservation with neither count nor device_ids, is used while the minimum Compose version (rules.MLC407.options.minVersion) is below 2.30.',
  },
  check(ctx) {
    const raw = ctx.settings.ruleOptions.MLC407?.minVersion;
    const min = typeof raw === 'string' || typeof raw === 'number' ? version(String(raw)) : undefined;
    if (!min || !below(min, [2, 30, 0])) {
      return [];
    }
    const out: RuleFinding[] = [];
    const view = ctx.view;
    for (const s of services(ctx)) {
      const pair = view.pair(s.node, 'gpus');
      const range = pair ? view.range(pair.key) : undefined;
      if (range) {
        out.push(finding(range, `gpus: arrived in Compose v2.30.0, but this project supports Compose ${String(raw)}; use a device reservation (deploy.resources.reservations.devices) instead.`, toReservation(view, s)));
      }
      for (const device of deviceReservations(view, s)) {
        const map = view.map(device);
        const at = map && namesNoGpus(view, device) ? view.range(map.items[0]) : undefined;
        if (map && at) {
          const edit = insertKey(view, map, 'count: all');
          out.push(finding(at, `This GPU reservation of service "${s.name}" sets neither count nor device_ids; Compose before v2.30.0 (this project supports ${String(raw)}) sends it as count 0, which Docker Engine 27.3 and later runs with no GPU, so add count: all (or count: 1, or device_ids).`, edit ? { title: 'Add count: all', edits: [edit] } : undefined));
        }
      }
    }
    return out;
  },
};
