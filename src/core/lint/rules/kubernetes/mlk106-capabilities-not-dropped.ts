import type { Node, YAMLMap } from 'yaml';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding, TextEdit } from '../../types';
import type { YamlView } from '../../yaml/access';
import { appAndInitContainers, containerLabel, containers, finding, insertIntoMap, wantsFixes } from './helpers';
import { containerValue } from './security';

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

/** Adds `capabilities.drop: [ALL]` to the container's securityContext (made when missing), unless it lists capabilities already. */
function dropAllEdit(view: YamlView, container: YAMLMap): TextEdit | undefined {
  const sc = view.map(view.get(container, 'securityContext'));
  if (view.get(sc, 'capabilities') !== undefined) {
    return undefined;
  }
  return sc ? insertIntoMap(view, sc, 'capabilities:\n  drop: [ALL]') : insertIntoMap(view, container, 'securityContext:\n  capabilities:\n    drop: [ALL]');
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
    description: 'capabilities.drop contains neither ALL nor NET_RAW (privileged containers aside: they keep every capability).',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { obj, c } of containers(ctx, appAndInitContainers)) {
      const view = obj.view;
      // A privileged container has every capability whatever it drops (MLK101 reports it).
      if (dropsNetRaw(view, c.node) || containerValue(view, c, 'privileged') === true) {
        continue;
      }
      const edit = wantsFixes(ctx) ? dropAllEdit(view, c.node) : undefined;
      out.push(finding(c.anchor, `${containerLabel(c)} keeps the default capabilities (including NET_RAW); add securityContext.capabilities.drop: [ALL].`, edit ? { title: 'Drop all capabilities', edits: [edit] } : undefined));
    }
    return out;
  },
};
