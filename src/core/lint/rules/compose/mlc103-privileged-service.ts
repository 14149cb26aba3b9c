import type { ComposeRule } from '../../compose/rule';
import { mergedGet, mergedPair } from '../../compose/model';
import type { RuleFinding } from '../../types';
import { finding, isGpuService, services } from './helpers';

const dangerous = new Set(['ALL', 'SYS_ADMIN', 'CAP_SYS_ADMIN', 'CAP_ALL']);

export const rule: ComposeRule = {
  meta: {
    id: 'MLC103',
    name: 'privileged-service',
    family: 'security',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: 'privileged: true, or cap_add with ALL or SYS_ADMIN.',
  },
  check(ctx) {
    const view = ctx.view;
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      const gpu = isGpuService(view, s);
      const advice = gpu ? 'GPUs do not need it: request them with `gpus:` or a device reservation instead' : 'add only the capabilities the service needs';
      const priv = mergedPair(view, s.node, 'privileged');
      const range = priv ? view.pairValueRange(priv) : undefined;
      if (priv && range && view.scalar(priv.value)?.value === true) {
        out.push(finding(range, `Service "${s.name}" runs privileged, with full access to the host; ${advice}.`));
      }
      for (const item of view.items(mergedGet(view, s.node, 'cap_add'))) {
        const cap = view.str(item)?.toUpperCase();
        const r = view.range(item);
        if (cap !== undefined && r && dangerous.has(cap)) {
          out.push(finding(r, `Service "${s.name}" adds ${cap}, which is nearly root on the host; ${advice}.`));
        }
      }
    }
    return out;
  },
};
