import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { appAndInitContainers, containerLabel, containers, finding, insertIntoMap, wantsFixes } from './helpers';
import { containerValue } from './security';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK102',
    name: 'privilege-escalation-allowed',
    family: 'security',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { kubeLinter: ['privilege-escalation-container'], polaris: ['privilegeEscalationAllowed'] },
    description: 'The effective allowPrivilegeEscalation is not false.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { obj, c } of containers(ctx, appAndInitContainers)) {
      const view = obj.view;
      const value = containerValue(view, c, 'allowPrivilegeEscalation');
      if (value === false || containerValue(view, c, 'privileged') === true) {
        continue;
      }
      const node = view.at(c.node, ['securityContext', 'allowPrivilegeEscalation']);
      const at = view.range(node);
      const sc = view.map(view.get(c.node, 'securityContext'));
      const edit = !wantsFixes(ctx) ? undefined : at ? { range: at, newText: 'false' } : sc ? insertIntoMap(view, sc, 'allowPrivilegeEscalation: false') : insertIntoMap(view, c.node, 'securityContext:\n  allowPrivilegeEscalation: false');
      out.push(finding(at ?? c.anchor, `${containerLabel(c)} allows privilege escalation (setuid binaries can gain root); set securityContext.allowPrivilegeEscalation: false.`, edit ? { title: 'Set allowPrivilegeEscalation: false', edits: [edit] } : undefined));
    }
    return out;
  },
};
