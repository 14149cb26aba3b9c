import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import type { CollectiveLibrary } from '../../kubernetes/gpu';
import { collectiveLibrary, podRequestsAccelerator } from '../../kubernetes/gpu';
import type { KubeObject, PodSpecRef } from '../../kubernetes/model';
import type { ClusterProfile } from '../../kubernetes/settings';
import { finding, insertIntoMap, wantsFixes } from './helpers';
import { gpuJobScopes } from './jobs';
import { kueueCapsExecutionTime } from './kueue-execution-limit';
import { volcanoJobNeverCompletes } from './volcano-completion';

/** The pods that request accelerators (what gpuJobScopes reads): for the reporting path. */
function gpuPods(obj: KubeObject, cluster: ClusterProfile): PodSpecRef[] {
  return obj.podSpecs.filter((p) => podRequestsAccelerator(obj.view, p, cluster));
}

/**
 * What hangs in a job's collectives, named by their library (NCCL, RCCL, oneCCL, HCCL, Neuron's); XLA's collectives
 * over the TPU interconnect, mixed vendors and a cluster's own resource names: `a hung collective`.
 */
function hungCollective(library: CollectiveLibrary | undefined): string {
  return library === undefined || library === 'XLA' ? 'a hung collective' : `a hung ${library} collective`;
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK414',
    name: 'gpu-job-without-deadline',
    family: 'ml',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'A GPU Job has no activeDeadlineSeconds, or a GPU Volcano Job whose workers only run an SSH daemon never completes.',
  },
  check(ctx) {
    if (!ctx.object) {
      return [];
    }
    const view = ctx.object.view;
    const out: RuleFinding[] = [];
    const scopes = gpuJobScopes(ctx.object, ctx.cluster);
    if (scopes.length === 0) {
      // A Volcano Job has no deadline: what holds its GPUs is a run that never completes.
      const never = volcanoJobNeverCompletes(ctx.object, ctx.cluster, wantsFixes(ctx));
      return never && !kueueCapsExecutionTime(ctx.object) ? [never] : out;
    }
    // Kueue's maximum execution time stops a hung run as a deadline would.
    if (kueueCapsExecutionTime(ctx.object)) {
      return out;
    }
    for (const scope of scopes) {
      if ((scope.fields && view.get(scope.fields, 'activeDeadlineSeconds') !== undefined) || scope.placeholder) {
        continue;
      }
      const edit = scope.fields && wantsFixes(ctx) ? insertIntoMap(view, scope.fields, 'activeDeadlineSeconds: 86400') : undefined;
      // One pod on one accelerator has no collectives: what hangs there is the run itself.
      const holds = scope.deviceCheck
        ? `a device check that hangs on a wedged ${scope.noun === 'accelerator' ? 'device' : scope.noun} or driver can hold the ${scope.noun}s`
        : scope.oneAccelerator
          ? `a hung run can hold its ${scope.noun}`
          : `${hungCollective(collectiveLibrary(view, gpuPods(ctx.object, ctx.cluster), ctx.cluster))} can hold the ${scope.noun}s`;
      out.push(finding(scope.anchor, `${scope.label} has no ${scope.runPolicy === 'spec' ? 'spec.' : ''}activeDeadlineSeconds, so ${holds} indefinitely; set a deadline a little above the expected run time.`, edit ? { title: 'Add activeDeadlineSeconds: 86400', edits: [edit] } : undefined));
    }
    return out;
  },
};
