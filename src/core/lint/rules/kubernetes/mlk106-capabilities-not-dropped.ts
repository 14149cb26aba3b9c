import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { containerLabel, containers, finding, insertIntoMap, wantsFixes } from './helpers';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK106',
    name: 'capabilities-not-dropped',
    family: 'security',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { kubeLinter: ['drop-net-raw-capability'], polaris: ['insecureCapabilities'] },
    description: 'capabilities.drop contains neither ALL nor NET_RAW.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { obj, c } of containers(ctx, ['containers', 'initContainers'])) {
      const view = obj.view;
      const drop = view.items(view.at(c.node, ['securityContext', 'capabilities', 'drop'])).map((n) => (view.str(n) ?? '').toUpperCase().replace(/^CAP_/, ''));
      if (drop.includes('ALL') || drop.includes('NET_RAW')) {
        continue;
      }
      const sc = view.map(view.get(c.node, 'securityContext'));
      const edit = !wantsFixes(ctx) || view.get(sc, 'capabilities') !== undefined ? undefined : sc ? insertIntoMap(view, sc, 'capabilities:\n  drop: [ALL]') : insertIntoMap(view, c.node, 'securityContext:\n  capabilities:\n    drop: [ALL]');
      out.push(finding(c.anchor, `${containerLabel(c)} keeps the default capabilities (including NET_RAW); add securityContext.capabilities.drop: [ALL].`, edit ? { title: 'Drop all capabilities', edits: [edit] } : undefined));
    }
    return out;
  },
};
