import type { ComposeRule } from '../../compose/rule';
import { mergedGet } from '../../compose/model';
import type { Fix, RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import type { ComposeService } from '../../compose/model';
import { allGpusReservation, finding, services } from './helpers';

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
    description: 'gpus: is used while the minimum Compose version (rules.MLC407.options.minVersion) is below 2.30.',
  },
  check(ctx) {
    const raw = ctx.settings.ruleOptions.MLC407?.minVersion;
    const min = typeof raw === 'string' || typeof raw === 'number' ? version(String(raw)) : undefined;
    if (!min || !below(min, [2, 30, 0])) {
      return [];
    }
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      const pair = ctx.view.pair(s.node, 'gpus');
      const range = pair ? ctx.view.range(pair.key) : undefined;
      if (range) {
        out.push(finding(range, `gpus: arrived in Compose v2.30.0, but this project supports Compose ${String(raw)}; use a device reservation (deploy.resources.reservations.devices) instead.`, toReservation(ctx.view, s)));
      }
    }
    return out;
  },
};
