import type { Node } from 'yaml';
import type { ResourceEntry } from '../../kubernetes/gpu';
import { isAcceleratorResource, resourceEntries } from '../../kubernetes/gpu';
import { parseQuantity } from '../../kubernetes/quantity';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { containerLabel, containers, finding } from './helpers';

/** The value of the last limit named `name` (a mapping with the key twice counts the last, as the API server reads it). */
function limitOf(limits: readonly ResourceEntry[], name: string): Node | undefined {
  let value: Node | undefined;
  for (const e of limits) {
    if (e.name === name) {
      value = e.value;
    }
  }
  return value;
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK402',
    name: 'gpu-request-limit-mismatch',
    family: 'ml',
    severity: 'error',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: "An accelerator resource's requests and limits differ.",
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { obj, c } of containers(ctx)) {
      const view = obj.view;
      const limits = resourceEntries(view, c.node, 'limits');
      for (const { name, value: node } of resourceEntries(view, c.node, 'requests')) {
        const limitNode = limitOf(limits, name);
        if (!isAcceleratorResource(name, ctx.cluster) || !limitNode) {
          continue;
        }
        const req = view.str(node);
        const lim = view.str(limitNode);
        const rq = parseQuantity(view.scalar(node)?.value);
        const lq = parseQuantity(view.scalar(limitNode)?.value);
        if (rq === undefined || lq === undefined || rq === lq || lim === undefined) {
          continue;
        }
        const range = view.range(node);
        if (!range) {
          continue;
        }
        out.push(
          finding(range, `${containerLabel(c)} requests ${req ?? '?'} ${name} but limits it to ${lim}; accelerators cannot be overcommitted, so set the request equal to the limit (or drop the request).`, {
            title: `Set the ${name} request to ${lim}`,
            edits: [{ range, newText: lim }],
          }),
        );
      }
    }
    return out;
  },
};
