import type { Node } from 'yaml';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { appAndInitContainers, containerLabel, containers, finding, insertIntoMap, wantsFixes } from './helpers';

/** `securityContext.capabilities.drop` names ALL or NET_RAW (any case, with or without `CAP_`). */
function dropsNetRaw(view: YamlView, container: Node): boolean {
  for (const n of view.list(view.at(container, ['securityContext', 'capabilities', 'drop']))) {
    const cap = (view.str(n) ?? '').toUpperCase().replace(/^CAP_/, '');
    if (cap === 'ALL' || cap === 'NET_RAW') {
      return true;
    }
  }
  return false;
}

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
    for (const { obj, c } of containers(ctx, appAndInitContainers)) {
      const view = obj.view;
      if (dropsNetRaw(view, c.node)) {
        continue;
      }
      const sc = view.map(view.get(c.node, 'securityContext'));
      const edit = !wantsFixes(ctx) || view.get(sc, 'capabilities') !== undefined ? undefined : sc ? insertIntoMap(view, sc, 'capabilities:\n  drop: [ALL]') : insertIntoMap(view, c.node, 'securityContext:\n  capabilities:\n    drop: [ALL]');
      out.push(finding(c.anchor, `${containerLabel(c)} keeps the default capabilities (including NET_RAW); add securityContext.capabilities.drop: [ALL].`, edit ? { title: 'Drop all capabilities', edits: [edit] } : undefined));
    }
    return out;
  },
};
