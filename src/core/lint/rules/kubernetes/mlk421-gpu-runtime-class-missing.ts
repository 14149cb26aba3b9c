import { gpusFromClaimsOnly, otherVendorAcceleratorsOnly, podRequestsAccelerator } from '../../kubernetes/gpu';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { finding, insertIntoMap, wantsFixes } from './helpers';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK421',
    name: 'gpu-runtime-class-missing',
    family: 'ml',
    severity: 'info',
    enabledByDefault: false,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'cluster.gpuRuntimeClass is set and a GPU workload has no runtimeClassName.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const runtime = ctx.cluster.gpuRuntimeClass;
    const obj = ctx.object;
    if (!obj || runtime === undefined) {
      return out;
    }
    const view = obj.view;
    for (const pod of obj.podSpecs) {
      // A DRA driver hands its GPUs to the container through CDI, whatever the runtime class.
      if (!podRequestsAccelerator(view, pod, ctx.cluster) || view.get(pod.spec, 'runtimeClassName') !== undefined || gpusFromClaimsOnly(view, pod, ctx.cluster)) {
        continue;
      }
      // AMD and Intel GPUs, TPUs, Neuron and Gaudi devices come through their own device plugins, not NVIDIA's runtime class
      // (whose scheduling would pin the pod to NVIDIA nodes on a mixed cluster).
      if (otherVendorAcceleratorsOnly(view, pod, ctx.cluster)) {
        continue;
      }
      const edit = wantsFixes(ctx) ? insertIntoMap(view, pod.spec, `runtimeClassName: ${runtime}`) : undefined;
      out.push(finding(pod.anchor, `This GPU pod sets no runtimeClassName; on this cluster it can start without GPU access: add runtimeClassName: ${runtime}.`, edit ? { title: `Add runtimeClassName: ${runtime}`, edits: [edit] } : undefined));
    }
    return out;
  },
};
