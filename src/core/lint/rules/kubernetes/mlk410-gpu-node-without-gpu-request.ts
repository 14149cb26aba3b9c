import { podSpecPatchRead } from '../../kubernetes/argo-workflow-pods';
import { isAcceleratorResource, podClaimsDevices, podRequestsAccelerator, resourceEntries } from '../../kubernetes/gpu';
import type { KubeObject, PodSpecRef } from '../../kubernetes/model';
import { parseQuantity } from '../../kubernetes/quantity';
import type { ClusterProfile } from '../../kubernetes/settings';
import type { KubernetesContext, KubernetesRule } from '../../kubernetes/rule';
import type { Range, RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { finding } from './helpers';
import { reachesGpuDirectly } from './legacy-gpu';

/**
 * Labels only GPU nodes carry: NVIDIA GPU feature discovery's (it runs on GPU nodes alone), CoreWeave's
 * (`gpu.nvidia.com/class: A100_NVLINK_80GB`, `gpu.nvidia.com/vram: "80"`), GKE's and the common `accelerator`.
 */
const gpuNodeLabels = new Set([
  'nvidia.com/gpu.present',
  'nvidia.com/gpu.product',
  'nvidia.com/gpu.family',
  'nvidia.com/gpu.count',
  'nvidia.com/gpu.memory',
  'nvidia.com/gpu.machine',
  'gpu.nvidia.com/class',
  'gpu.nvidia.com/model',
  'gpu.nvidia.com/vram',
  'cloud.google.com/gke-accelerator',
  'accelerator',
]);

/** Values that mark a node without a GPU (`nvidia.com/gpu.present: "false"`, `nvidia.com/gpu.count: "0"`). */
function deniesGpu(value: string | undefined): boolean {
  return value === 'false' || value === '0';
}

/** A container names an accelerator resource with a quantity that is no number. */
function namesUnreadAccelerator(view: YamlView, pod: PodSpecRef, cluster: ClusterProfile): boolean {
  return pod.containers.some((c) =>
    (['limits', 'requests'] as const).some((section) => resourceEntries(view, c.node, section).some((e) => isAcceleratorResource(e.name, cluster) && parseQuantity(view.scalar(e.value)?.value) === undefined)),
  );
}

/** A node affinity expression on a GPU node label that only GPU nodes match: not NotIn or DoesNotExist, nor `In: ["false"]`. */
function requiresGpuNode(view: YamlView, expression: unknown): boolean {
  const operator = view.text(expression, 'operator');
  if (operator === 'NotIn' || operator === 'DoesNotExist') {
    return false;
  }
  const values = view.list(view.get(expression, 'values'));
  return operator !== 'In' || !values.every((v) => deniesGpu(view.str(v)));
}

/**
 * The pod may use a GPU though it requests none as read here. An Argo podSpecPatch the linter cannot read whole may
 * request the GPU (one it reads has joined the pod's spec and containers), and so may a count the linter cannot read
 * ("{{inputs.parameters.gpus}}") or a DRA resource claim (NVIDIA's DRA driver: the GPU is in the claim's template). A
 * pod that reaches the GPU through device or driver hostPaths, or privileged, uses one past the device plugin: MLK418
 * reports that. Asked once a GPU node is named: most pods name none.
 */
function usesGpuAnyway(ctx: KubernetesContext, obj: KubeObject, pod: PodSpecRef): boolean {
  const view = obj.view;
  return (pod.specPatch === true && !podSpecPatchRead(pod.spec)) || podRequestsAccelerator(view, pod, ctx.cluster) || namesUnreadAccelerator(view, pod, ctx.cluster) || podClaimsDevices(view, pod) || reachesGpuDirectly(ctx, obj, pod);
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
      let at: Range | undefined;
      let why = '';
      let tolerates = false;
      let exempt: boolean | undefined;
      const toleration = view.list(view.get(pod.spec, 'tolerations')).find((t) => view.text(t, 'key') === ctx.cluster.gpuTaintKey);
      if (toleration !== undefined) {
        // A GPU pod that tolerates the taint (most do) is exempt whatever else it names: no range to work out.
        exempt = usesGpuAnyway(ctx, obj, pod);
        if (exempt) {
          continue;
        }
        at = view.valueRange(toleration, 'key');
        why = `tolerates the ${ctx.cluster.gpuTaintKey} taint`;
        tolerates = true;
      }
      const nodeSelector = view.get(pod.spec, 'nodeSelector');
      if (!at && nodeSelector !== undefined) {
        for (const [k, pair] of view.entries(nodeSelector)) {
          if (gpuNodeLabels.has(k) && !deniesGpu(view.str(pair.value))) {
            at = view.range(pair);
            why = `selects GPU nodes (${k})`;
            break;
          }
        }
      }
      if (!at) {
        const terms = view.list(view.at(pod.spec, ['affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms']));
        for (const term of terms) {
          const expr = view.list(view.get(term, 'matchExpressions')).find((e) => gpuNodeLabels.has(view.text(e, 'key') ?? '') && requiresGpuNode(view, e));
          if (expr) {
            at = view.valueRange(expr, 'key');
            why = `requires GPU nodes (${view.text(expr, 'key') ?? ''})`;
            break;
          }
        }
      }
      if (at && !(exempt ?? usesGpuAnyway(ctx, obj, pod))) {
        // A toleration only lets the pod onto GPU nodes; a selector or required affinity keeps it there.
        const lands = tolerates ? 'can be scheduled onto, and then hold, an expensive GPU node' : 'can only be scheduled onto expensive GPU nodes, where it holds capacity';
        out.push(finding(at, `This pod ${why} but requests no accelerator, so it ${lands} without using a GPU; request the GPU in resources.limits or drop the GPU scheduling constraint.`));
      }
    }
    return out;
  },
};
