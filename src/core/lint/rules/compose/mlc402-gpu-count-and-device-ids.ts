import type { ComposeRule } from '../../compose/rule';
import { mergedGet } from '../../compose/model';
import type { RuleFinding } from '../../types';
import { deleteLines, deviceReservations, finding, services } from './helpers';

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
    description: 'One device entry sets both count and device_ids, which Compose rejects.',
  },
  check(ctx) {
    const view = ctx.view;
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
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
