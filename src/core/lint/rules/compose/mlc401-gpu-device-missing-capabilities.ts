import { mergedGet } from '../../compose/model';
import type { ComposeRule } from '../../compose/rule';
import type { RuleFinding } from '../../types';
import { deviceReservations, finding, insertKey, services } from './helpers';

export const rule: ComposeRule = {
  meta: {
    id: 'MLC401',
    name: 'gpu-device-missing-capabilities',
    family: 'ml',
    severity: 'error',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    supersedes: ['MLC002'],
    equivalents: {},
    description: 'A deploy.resources.reservations.devices entry has no capabilities; Compose errors out.',
  },
  check(ctx) {
    const view = ctx.view;
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      for (const device of deviceReservations(view, s)) {
        const map = view.map(device);
        // An entry may take its keys from an anchor (`- <<: *gpu`): compose-go merges them before it validates.
        if (!map || map.items.length === 0 || mergedGet(view, map, 'capabilities') !== undefined) {
          continue;
        }
        const range = view.range(map.items[0]);
        if (!range) {
          continue;
        }
        const edit = insertKey(view, map, 'capabilities: [gpu]');
        // The Engine ignores capabilities for `driver: cdi` (it injects the device_ids by name), but Compose's schema
        // (compose-go) still refuses the entry without them: "devices.0 missing property 'capabilities'".
        const message =
          view.str(mergedGet(view, device, 'driver')) === 'cdi'
            ? `The driver: cdi reservation of service "${s.name}" has no capabilities; the Engine ignores them for CDI devices, but Compose's schema requires them on every reservation and refuses the file, so add capabilities: [gpu] (or list the CDI names under the service's devices:, which recent Compose releases request without capabilities).`
            : `A device reservation of service "${s.name}" has no capabilities, which Compose requires; add capabilities: [gpu] for a GPU.`;
        out.push(finding(range, message, edit ? { title: 'Add capabilities: [gpu]', edits: [edit] } : undefined));
      }
    }
    return out;
  },
};
