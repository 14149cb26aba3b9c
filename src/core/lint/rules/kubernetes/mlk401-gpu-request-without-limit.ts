import { isAcceleratorResource, resourceEntries } from '../../kubernetes/gpu';
import type { KubeObject, PodSpecRef } from '../../kubernetes/model';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { containerLabel, containers, finding, insertIntoMap, wantsFixes } from './helpers';

/**
 * Where the limit goes: a TrainJob's trainer sets the runtime's `node` container resources from `trainer.resourcesPerNode`,
 * which replace the runtime's whole (Kubeflow Trainer's JobSet builder), so a runtime's GPU limit does not survive it.
 */
function limitsField(obj: KubeObject, pod: PodSpecRef): string {
  const trainJob = obj.kind === 'TrainJob' && apiGroupOf(obj.apiVersion) === 'trainer.kubeflow.org' && pod.role === 'trainer';
  return trainJob ? "trainer.resourcesPerNode.limits (resourcesPerNode replaces the runtime's resources, limits included)" : 'resources.limits';
}

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
    for (const { obj, pod, c } of containers(ctx)) {
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
          finding(range, `${containerLabel(c)} requests ${name} without a limit; Kubernetes requires accelerators in limits: add "${name}: ${value}" under ${limitsField(obj, pod)}.`, edit ? { title: `Copy ${name} to limits`, edits: [edit] } : undefined),
        );
      }
    }
    return out;
  },
};
