import type { KubernetesRule } from '../../kubernetes/rule';
import type { Range, RuleFinding } from '../../types';
import { finding } from './helpers';

/** IANA service name: ≤ 15 chars, [a-z0-9-], at least one letter, no leading/trailing/double hyphen. */
export function isIanaSvcName(name: string): boolean {
  return name.length <= 15 && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(name) && /[a-z]/.test(name);
}

const dnsLabel = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK009',
    name: 'port-name-invalid',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['invalid-target-ports'], kubeScore: ['container-ports-check'] },
    description: 'A container port name or named Service targetPort is not a valid IANA service name, a Service port name is not a DNS label, or two container ports in a pod share a name.',
  },
  check(ctx) {
    const obj = ctx.object;
    const out: RuleFinding[] = [];
    if (!obj) {
      return out;
    }
    const view = obj.view;
    for (const pod of obj.podSpecs) {
      let seen: Set<string> | undefined;
      for (const c of pod.containers) {
        for (const p of view.list(view.get(c.node, 'ports'))) {
          const name = view.text(p, 'name');
          if (name === undefined) {
            continue;
          }
          // A name has a range (its value's, else its key's): only a finding needs it.
          if (!isIanaSvcName(name)) {
            out.push(finding(view.valueRange(p, 'name') as Range, `Port name "${name}" is not a valid IANA service name and the API server rejects it; use at most 15 lowercase letters, digits and single hyphens, with at least one letter.`));
          } else if (seen?.has(name)) {
            out.push(finding(view.valueRange(p, 'name') as Range, `Port name "${name}" is used twice in this pod; give each container port a unique name.`));
          }
          (seen ??= new Set()).add(name);
        }
      }
    }
    if (obj.kind === 'Service') {
      for (const p of view.list(view.at(obj.root, ['spec', 'ports']))) {
        const name = view.text(p, 'name');
        const nameRange = name !== undefined && !dnsLabel.test(name) ? view.valueRange(p, 'name') : undefined;
        if (name !== undefined && nameRange) {
          out.push(finding(nameRange, `Service port name "${name}" is not a DNS label; use lowercase letters, digits and hyphens (at most 63).`));
        }
        const target = view.scalar(view.get(p, 'targetPort'))?.value;
        const invalidTarget = typeof target === 'string' && !/^\d+$/.test(target) && !isIanaSvcName(target);
        const targetRange = invalidTarget ? view.valueRange(p, 'targetPort') : undefined;
        if (typeof target === 'string' && targetRange) {
          out.push(finding(targetRange, `targetPort "${target}" is not a valid IANA service name, so it can match no container port; use the container port's name (≤ 15 lowercase characters) or its number.`));
        }
      }
    }
    return out;
  },
};
