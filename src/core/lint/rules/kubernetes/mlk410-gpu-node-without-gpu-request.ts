import { isAcceleratorResource, podClaimsDevices, podRequestsAccelerator, resourceEntries } from '../../kubernetes/gpu';
import type { PodSpecRef } from '../../kubernetes/model';
import { parseQuantity } from '../../kubernetes/quantity';
import type { ClusterProfile } from '../../kubernetes/settings';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { Range, RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { finding } from './helpers';

const gpuNodeLabels = ['nvidia.com/gpu.present', 'nvidia.com/gpu.product', 'cloud.google.com/gke-accelerator', 'accelerator'];

/** A container names an accelerator resource with a quantity that is no number. */
function namesUnreadAccelerator(view: YamlView, pod: PodSpecRef, cluster: ClusterProfile): boolean {
  return pod.containers.some((c) =>
    (['limits', 'requests'] as const).some((section) => resourceEntries(view, c.node, section).some((e) => isAcceleratorResource(e.name, cluster) && parseQuantity(view.scalar(e.value)?.value) === undefined)),
  );
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK410',
    name: 'gpu-node-without-gpu-request',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: 'A pod tolerates the GPU taint or selects GPU nodes but requests no accelerator.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    if (!obj || obj.workload === 'daemon') {
      return out;
    }
    const view = obj.view;
    for (const pod of obj.podSpecs) {
      // An Argo podSpecPatch (not read) may request the GPU, and so may a count the linter cannot read ("{{inputs.parameters.gpus}}")
      // or a DRA resource claim (NVIDIA's DRA driver: the GPU is in the claim's template).
      if (pod.specPatch === true || podRequestsAccelerator(view, pod, ctx.cluster) || namesUnreadAccelerator(view, pod, ctx.cluster) || podClaimsDevices(view, pod)) {
        continue;
      }
      let at: Range | undefined;
      let why = '';
      for (const t of view.list(view.get(pod.spec, 'tolerations'))) {
        if (view.text(t, 'key') === ctx.cluster.gpuTaintKey) {
          at = view.valueRange(t, 'key');
          why = `tolerates the ${ctx.cluster.gpuTaintKey} taint`;
          break;
        }
      }
      if (!at) {
        for (const [k, pair] of view.entries(view.get(pod.spec, 'nodeSelector'))) {
          if (gpuNodeLabels.includes(k)) {
            at = view.range(pair);
            why = `selects GPU nodes (${k})`;
            break;
          }
        }
      }
      if (!at) {
        const terms = view.list(view.at(pod.spec, ['affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms']));
        for (const term of terms) {
          const expr = view.list(view.get(term, 'matchExpressions')).find((e) => gpuNodeLabels.includes(view.text(e, 'key') ?? '') && view.text(e, 'operator') !== 'DoesNotExist' && view.text(e, 'operator') !== 'NotIn');
          if (expr) {
            at = view.valueRange(expr, 'key');
            why = `requires GPU nodes (${view.text(expr, 'key') ?? ''})`;
            break;
          }
        }
      }
      if (at) {
        out.push(finding(at, `This pod ${why} but requests no accelerator, so it occupies an expensive GPU node without using a GPU; request the GPU in resources.limits or drop the GPU scheduling constraint.`));
      }
    }
    return out;
  },
};
