import type { ComposeRule } from '../../compose/rule';
import { mergedAt } from '../../compose/model';
import type { RuleFinding } from '../../types';
import { finding, services } from './helpers';

export const rule: ComposeRule = {
  meta: {
    id: 'MLC404',
    name: 'gpu-devices-under-limits',
    family: 'ml',
    severity: 'error',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    supersedes: ['MLC002'],
    equivalents: {},
    description: 'devices is placed under deploy.resources.limits; only reservations accepts devices.',
  },
  check(ctx) {
    const view = ctx.view;
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      const resources = mergedAt(view, s, ['deploy', 'resources']);
      const limitsPair = view.pair(resources, 'limits');
      const devices = view.pair(limitsPair?.value, 'devices');
      const range = devices ? view.range(devices.key) : undefined;
      if (!limitsPair || !range) {
        continue;
      }
      // Renaming limits → reservations is safe only when devices is all it holds and there are no reservations yet.
      const onlyDevices = view.entries(limitsPair.value).length === 1 && view.pair(resources, 'reservations') === undefined;
      const keyRange = view.range(limitsPair.key);
      const fix = onlyDevices && keyRange ? { title: 'Move devices to reservations', edits: [{ range: keyRange, newText: 'reservations' }] } : undefined;
      out.push(finding(range, `Service "${s.name}" puts devices under deploy.resources.limits, which Compose rejects; move it to deploy.resources.reservations.`, fix));
    }
    return out;
  },
};
