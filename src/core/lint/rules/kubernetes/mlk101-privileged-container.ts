import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { containerLabel, containers, finding } from './helpers';
import { containerValue } from './security';
import { gpuAccessPod } from './legacy-gpu';
import { inExemptNamespace, privilegedNodeAgentContainer } from './gpu-node-agents';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK101',
    name: 'privileged-container',
    family: 'security',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['privileged-container'], kubeScore: ['container-security-context-privileged'], polaris: ['runAsPrivileged'] },
    description: 'A container runs with securityContext.privileged: true.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    if (!obj || inExemptNamespace(ctx, obj)) {
      return out;
    }
    for (const { pod, c } of containers(ctx)) {
      const view = obj.view;
      if (containerValue(view, c, 'privileged') !== true || gpuAccessPod(ctx, obj, pod)) {
        continue; // GPU pods: MLK418 reports the legacy access pattern instead
      }
      // GPU feature discovery reads PCI configuration space, which takes privileged mode (trap T27, outside the exempt namespaces too).
      if (privilegedNodeAgentContainer(obj, pod, c)) {
        continue;
      }
      const range = view.range(view.at(c.node, ['securityContext', 'privileged']));
      if (range) {
        out.push(finding(range, `${containerLabel(c)} runs privileged, with full access to the node; drop privileged and add only the capabilities it needs.`));
      }
    }
    return out;
  },
};
