import type { ComposeRule } from '../../compose/rule';
import { mergedGet } from '../../compose/model';
import type { RuleFinding } from '../../types';
import { allGpusReservation, finding, requestsGpus, services, targetsJetson } from './helpers';

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
    const out: RuleFinding[] = [];
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
      const indent = ' '.repeat(key.start.column - 1);
      const fix = canFix ? { title: 'Convert to a GPU device reservation', edits: [{ range: { start: key.start, end: value.end }, newText: allGpusReservation.join(`\n${indent}`) }] } : undefined;
      out.push(finding(value, `Service "${s.name}" uses the legacy nvidia runtime; request GPUs with a device reservation (deploy.resources.reservations.devices with capabilities: [gpu]) or gpus: instead.`, fix));
    }
    return out;
  },
};
