import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { containerLabel, containers, envEntries, finding } from './helpers';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK118',
    name: 'secret-from-env-ref',
    family: 'security',
    severity: 'hint',
    enabledByDefault: false,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['read-secret-from-env-var'] },
    description: 'A Secret is exposed through env (secretKeyRef or envFrom.secretRef) rather than a mounted file.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { obj, c } of containers(ctx)) {
      const view = obj.view;
      for (const e of envEntries(view, c.node)) {
        const ref = view.at(e.item, ['valueFrom', 'secretKeyRef']);
        const range = view.range(e.nameNode);
        if (ref && range) {
          out.push(finding(range, `${containerLabel(c)} reads a Secret into ${e.name}; environment variables leak into logs and child processes, so mount the Secret as a file where the program supports it.`));
        }
      }
      for (const item of view.list(view.get(c.node, 'envFrom'))) {
        const range = view.keyRange(item, 'secretRef');
        if (range) {
          out.push(finding(range, `${containerLabel(c)} loads a whole Secret into its environment; mount it as files where the program supports it.`));
        }
      }
    }
    return out;
  },
};
