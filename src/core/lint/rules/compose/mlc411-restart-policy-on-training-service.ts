import type { ComposeRule } from '../../compose/rule';
import { mergedAt, mergedPair } from '../../compose/model';
import { isDistributedLauncher } from '../../kubernetes/gpu';
import type { RuleFinding } from '../../types';
import { commandWords, finding, services } from './helpers';

const trainScript = /(?:^|\/)train[\w.-]*\.py$/;

export const rule: ComposeRule = {
  meta: {
    id: 'MLC411',
    name: 'restart-policy-on-training-service',
    family: 'ml',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'restart: always / unless-stopped (or restart_policy condition any) on a service that runs training.',
  },
  check(ctx) {
    const view = ctx.view;
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      const words = commandWords(view, s);
      if (!isDistributedLauncher(words) && !words.some((w) => trainScript.test(w))) {
        continue;
      }
      const restart = mergedPair(view, s, 'restart');
      const policy = restart ? view.str(restart.value) : undefined;
      const range = restart ? view.pairValueRange(restart) : undefined;
      if ((policy === 'always' || policy === 'unless-stopped') && range) {
        out.push(finding(range, `Training service "${s.name}" has restart: ${policy}, so the run starts again after it finishes; use restart: on-failure (or "no").`, { title: 'Use restart: on-failure', edits: [{ range, newText: 'on-failure' }] }));
      }
      const condition = mergedPair(view, mergedAt(view, s, ['deploy', 'restart_policy']), 'condition');
      const cr = condition ? view.pairValueRange(condition) : undefined;
      if (condition && cr && view.str(condition.value) === 'any') {
        out.push(finding(cr, `Training service "${s.name}" restarts on any exit, so the run starts again after it finishes; use condition: on-failure.`, { title: 'Use condition: on-failure', edits: [{ range: cr, newText: 'on-failure' }] }));
      }
    }
    return out;
  },
};
