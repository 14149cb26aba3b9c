import type { ComposeRule } from '../../compose/rule';
import { mergedGet } from '../../compose/model';
import type { Fix, Range, RuleFinding as Finding, TextEdit } from '../../types';
import { finding, requestsGpus, services, targetsJetson } from './helpers';
import type { VisibleDevices } from '../../compose/visible-devices';
import { visibleDevices } from '../../compose/visible-devices';
import { removeVisibleDevices, reservationLines } from './visible-devices-reservation';

export const rule: ComposeRule = {
  meta: {
    id: 'MLC406',
    name: 'legacy-nvidia-runtime',
    family: 'ml',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'runtime: nvidia is used instead of a GPU device reservation or gpus:.',
  },
  check(ctx) {
    const view = ctx.view;
    const out: Finding[] = [];
    for (const s of services(ctx)) {
      const pair = view.pair(s.node, 'runtime');
      // Next to a reservation, gpus: or CDI device names, the runtime line is redundant, not legacy usage (the catalogue fires only "instead of" them).
      if (!pair || view.str(pair.value) !== 'nvidia' || requestsGpus(view, s) || targetsJetson(view, s, ctx.path)) {
        continue;
      }
      const key = view.range(pair.key);
      const value = view.range(pair.value);
      if (!key || !value) {
        continue;
      }
      // Converting in place is safe in a block mapping that has no deploy: yet.
      const canFix = !s.node.flow && mergedGet(view, s, 'deploy') === undefined && key.start.line === value.end.line;
      const devices = visibleDevices(view, s);
      const fix = canFix ? reservationFix({ start: key.start, end: value.end }, devices, removeVisibleDevices(view, s)) : undefined;
      out.push(finding(value, `Service "${s.name}" uses the legacy nvidia runtime; request GPUs with a device reservation (deploy.resources.reservations.devices with capabilities: [gpu]) or gpus: instead${devices.kind === 'no-gpu' ? noGpuNote(devices.value) : ''}.`, fix));
    }
    return out;
  },
};

/**
 * Replaces `runtime: nvidia` (at `runtime`) with a reservation of the GPUs NVIDIA_VISIBLE_DEVICES names: `count: all`
 * for `all` or unset (CUDA images set `all`), `device_ids` for a list; the variable goes (`dropVariable`), since Docker sets its own value for a
 * reservation after the service's environment (where it cannot be deleted alone it stays, naming the same GPUs).
 * None for GPUs the linter cannot read, or none at all.
 */
function reservationFix(runtime: Range, devices: VisibleDevices, dropVariable: TextEdit | undefined): Fix | undefined {
  const ids = devices.kind === 'ids' ? devices.ids : devices.kind === 'all' || devices.kind === 'unset' ? 'all' : undefined;
  if (ids === undefined) {
    return undefined;
  }
  const indent = ' '.repeat(runtime.start.column - 1);
  const edits: TextEdit[] = [{ range: runtime, newText: reservationLines(ids).join(`\n${indent}`) }];
  if (dropVariable) {
    edits.push(dropVariable);
  }
  return { title: ids === 'all' ? 'Convert to a GPU device reservation' : `Reserve GPU${ids.length > 1 ? 's' : ''} ${ids.join(', ')} with a device reservation`, edits };
}

/** NVIDIA_VISIBLE_DEVICES=none gives the container the driver and no GPU; void or empty, neither (the runtime acts as runc). */
function noGpuNote(value: string): string {
  const what = value === 'none' ? 'no GPU (only the driver)' : 'no GPU and no driver';
  return `; ${value === '' ? 'an empty NVIDIA_VISIBLE_DEVICES' : `NVIDIA_VISIBLE_DEVICES=${value}`} exposes ${what}, so remove the runtime if no GPU is meant`;
}
