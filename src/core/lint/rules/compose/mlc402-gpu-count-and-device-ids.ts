import type { Node } from 'yaml';
import type { ComposeRule } from '../../compose/rule';
import { mergedGet } from '../../compose/model';
import type { Fix, RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { deleteLines, deviceReservations, finding, insertKey, reservationDriver, services } from './helpers';

/**
 * A `driver: cdi` reservation that does not name its devices in device_ids alone. The Engine's CDI driver refuses any
 * count ("unexpected count in CDI device request"), and Compose 2.30 and later send a reservation with neither count
 * nor device_ids as count: all, so both fail to start (older Compose sends count 0: no device at all).
 */
function cdiMessage(view: YamlView, device: Node, service: string): string | undefined {
  if (reservationDriver(view, device) !== 'cdi' || mergedGet(view, device, 'device_ids') !== undefined) {
    return undefined;
  }
  return mergedGet(view, device, 'count') !== undefined
    ? `The driver: cdi reservation of service "${service}" sets count, which Docker's CDI driver refuses ("unexpected count in CDI device request"); name the devices in device_ids instead (e.g. nvidia.com/gpu=all).`
    : `The driver: cdi reservation of service "${service}" names no devices; Compose v2.30.0 and later send it as count: all, which Docker's CDI driver refuses ("unexpected count in CDI device request"), and older Compose requests none, so name them in device_ids (e.g. nvidia.com/gpu=all).`;
}

const allNvidiaGpus = 'device_ids: [nvidia.com/gpu=all]';

/** For a CDI GPU reservation asking for every GPU (`count: all`, or nothing): name every NVIDIA GPU by CDI instead. */
function allNvidiaGpusFix(view: YamlView, device: Node): Fix | undefined {
  const map = view.map(device);
  const count = view.pair(device, 'count');
  if (!map || !view.items(view.get(device, 'capabilities')).some((c) => view.str(c) === 'gpu')) {
    return undefined;
  }
  const key = count ? view.range(count.key) : undefined;
  const value = count ? view.range(count.value) : undefined;
  const edit = !count ? insertKey(view, map, allNvidiaGpus) : key && value && view.str(count.value) === 'all' ? { range: { start: key.start, end: value.end }, newText: allNvidiaGpus } : undefined;
  return edit && { title: `Name every NVIDIA GPU: ${allNvidiaGpus}`, edits: [edit] };
}

export const rule: ComposeRule = {
  meta: {
    id: 'MLC402',
    name: 'gpu-count-and-device-ids',
    family: 'ml',
    severity: 'error',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'One device entry sets both count and device_ids, which Compose rejects, or a driver: cdi entry names its devices by count instead of device_ids, which Docker rejects.',
  },
  check(ctx) {
    const view = ctx.view;
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      for (const device of deviceReservations(view, s)) {
        const message = cdiMessage(view, device, s.name);
        const at = message !== undefined ? view.range(view.pair(device, 'count') ?? view.pair(device, 'driver')) : undefined;
        if (message !== undefined && at) {
          out.push(finding(at, message, allNvidiaGpusFix(view, device)));
        }
      }
      for (const device of [...deviceReservations(view, s), ...view.items(mergedGet(view, s, 'gpus'))]) {
        const count = view.pair(device, 'count');
        if (!count || !view.pair(device, 'device_ids')) {
          continue;
        }
        const range = view.range(count);
        if (!range) {
          continue;
        }
        const end = view.range(count.value)?.end.line ?? range.start.line;
        const line = view.file.lines[range.start.line - 1] ?? '';
        const ownLine = !view.map(device)?.flow && line.slice(0, range.start.column - 1).trim() === '';
        out.push(finding(range, `Service "${s.name}" sets both count and device_ids on one device entry, which Compose rejects; keep device_ids to pick GPUs, or count to ask for a number.`, ownLine ? { title: 'Remove count (keep device_ids)', edits: [{ range: deleteLines(view, range.start.line, end), newText: '' }] } : undefined));
      }
    }
    return out;
  },
};
