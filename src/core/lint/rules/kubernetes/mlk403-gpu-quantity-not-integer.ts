import { isAcceleratorResource, resourceEntries } from '../../kubernetes/gpu';
import { parseQuantity } from '../../kubernetes/quantity';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { containerLabel, containers, finding } from './helpers';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK403',
    name: 'gpu-quantity-not-integer',
    family: 'ml',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: 'An accelerator quantity is fractional or in milli-units.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { obj, c } of containers(ctx)) {
      const view = obj.view;
      for (const section of ['limits', 'requests'] as const) {
        for (const { name, value: node } of resourceEntries(view, c.node, section)) {
          if (!isAcceleratorResource(name, ctx.cluster)) {
            continue;
          }
          const text = view.str(node);
          const q = parseQuantity(view.scalar(node)?.value);
          if (text === undefined || q === undefined || (Number.isInteger(q) && !/m$/.test(text))) {
            continue;
          }
          const range = view.range(node);
          if (range) {
            out.push(finding(range, `${containerLabel(c)} asks for ${text} ${name} in ${section}; accelerators are whole devices: use an integer, or a MIG profile (nvidia.com/mig-1g.10gb) or time-slicing (nvidia.com/gpu.shared) to share a GPU.`));
          }
        }
      }
    }
    return out;
  },
};
