import { isAcceleratorResource, resourceEntries } from '../../kubernetes/gpu';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { containerLabel, containers, finding, insertIntoMap, wantsFixes } from './helpers';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK401',
    name: 'gpu-request-without-limit',
    family: 'ml',
    severity: 'error',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'An accelerator resource appears in requests but not in limits.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { obj, c } of containers(ctx)) {
      const view = obj.view;
      for (const { name, pair } of resourceEntries(view, c.node, 'requests')) {
        if (!isAcceleratorResource(name, ctx.cluster) || resourceEntries(view, c.node, 'limits').some((e) => e.name === name)) {
          continue;
        }
        const range = view.range(pair);
        if (!range) {
          continue;
        }
        const value = view.str(pair.value) ?? '1';
        const limitsMap = view.map(view.at(c.node, ['resources', 'limits']));
        const resources = view.map(view.get(c.node, 'resources'));
        const edit = !wantsFixes(ctx) ? undefined : limitsMap ? insertIntoMap(view, limitsMap, `${name}: ${value}`) : resources ? insertIntoMap(view, resources, `limits:\n  ${name}: ${value}`) : undefined;
        out.push(
          finding(range, `${containerLabel(c)} requests ${name} without a limit; Kubernetes requires accelerators in limits: add "${name}: ${value}" under resources.limits.`, edit ? { title: `Copy ${name} to limits`, edits: [edit] } : undefined),
        );
      }
    }
    return out;
  },
};
