import { isAcceleratorResource, isRenamedGpuResource, knownAcceleratorNames, looksLikeAccelerator, resourceEntries } from '../../kubernetes/gpu';
import { koordinatorGpuResources } from '../../kubernetes/gpu-sharing-schedulers';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { containerLabel, containers, distance, finding, nearest } from './helpers';
import { memoByString } from '../../string-memo';

/**
 * Real extended resources that GPU-sharing device plugins advertise next to (or instead of) a GPU count:
 * memory and compute slices, not accelerators, so they are neither reported here nor counted as GPUs.
 * HAMi (nvidia.com/gpumem, amd.com/gpumem, and the virtual GPUs of the Moore Threads, Iluvatar and MetaX devices it
 * shares), Volcano vGPU (volcano.sh/vgpu-*), Alibaba Cloud cGPU (aliyun.com/gpu-*), Koordinator's DeviceShare (koordinator.sh/gpu-*).
 */
const gpuSharingResources = new Set([
  'nvidia.com/gpumem',
  'nvidia.com/gpumem-percentage',
  'nvidia.com/gpucores',
  'nvidia.com/priority',
  'amd.com/gpumem',
  'amd.com/gpucores',
  'mthreads.com/gpu',
  'mthreads.com/vgpu',
  'mthreads.com/sgpu-memory',
  'mthreads.com/sgpu-core',
  'iluvatar.ai/vgpu',
  'metax-tech.com/gpu',
  'metax-tech.com/sgpu',
  'volcano.sh/vgpu-number',
  'volcano.sh/vgpu-memory',
  'volcano.sh/vgpu-memory-percentage',
  'volcano.sh/vgpu-cores',
  'aliyun.com/gpu-mem',
  'aliyun.com/gpu-count',
  'aliyun.com/gpu-core.percentage',
  ...koordinatorGpuResources,
]);

/**
 * What a resource name's text alone says, decided once per name (names repeat across containers and documents): a GPU
 * renamed by its product, a name that looks like an accelerator and is no GPU-sharing resource, or neither (`cpu`,
 * `memory`: never reported). Whether the cluster advertises the name is asked afterwards.
 */
const suspicion = memoByString((name: string): 'renamed' | 'accelerator-like' | undefined =>
  isRenamedGpuResource(name) ? 'renamed' : looksLikeAccelerator(name) && !gpuSharingResources.has(name) ? 'accelerator-like' : undefined,
);

/** The vendor a resource name's domain names: `intel` for intel.com/gpu and gpu.intel.com/i915, `amazon` for aws.amazon.com/neuron. */
function vendorOf(name: string): string {
  const labels = name.slice(0, Math.max(0, name.indexOf('/'))).split('.');
  return labels.length >= 2 ? (labels[labels.length - 2] as string) : (labels[0] ?? '');
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK404',
    name: 'gpu-resource-name-unknown',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'A resource name looks like an accelerator but is not a known accelerator resource.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { obj, c } of containers(ctx)) {
      const view = obj.view;
      for (const section of ['limits', 'requests'] as const) {
        const entries = resourceEntries(view, c.node, section);
        // A rename onto a name the section already has (or another rename gives) would write a duplicate key.
        let names: Set<string> | undefined;
        for (const { name, pair } of entries) {
          const suspect = suspicion(name);
          const renamed = suspect === 'renamed' && !ctx.cluster.acceleratorResources.includes(name);
          if (suspect === undefined || (!renamed && isAcceleratorResource(name, ctx.cluster))) {
            continue;
          }
          const range = view.range(pair);
          if (!range) {
            continue;
          }
          if (name.startsWith('cloud-tpus.google.com/')) {
            // The resources of GKE's Cloud TPU integration (TPU Nodes beside the cluster), deprecated: no
            // rename fixes it, since TPU slice node pools count chips (v2-8 is 4) and need their selectors.
            out.push(
              finding(
                range,
                `${containerLabel(c)} asks for "${name}", a resource of GKE's deprecated Cloud TPU integration (TPU Nodes), so the pod stays Pending; run it on a TPU slice node pool instead: request google.com/tpu chips and select cloud.google.com/gke-tpu-accelerator and cloud.google.com/gke-tpu-topology.`,
              ),
            );
            continue;
          }
          if (renamed) {
            out.push(
              finding(
                range,
                `${containerLabel(c)} asks for "${name}", a GPU renamed by its product, which only clusters whose device plugin renames GPUs advertise (the National Research Platform does); elsewhere the pod stays Pending. List it in cluster.acceleratorResources if your cluster advertises it, else request nvidia.com/gpu and select the product with a node affinity on nvidia.com/gpu.product.`,
              ),
            );
            continue;
          }
          // A vendor's own name is never rewritten to another vendor's (intel.com/gpu is no typo of amd.com/gpu).
          const candidates = [...knownAcceleratorNames, ...ctx.cluster.acceleratorResources];
          const vendor = vendorOf(name);
          const knownOfVendor = candidates.filter((n) => vendorOf(n) === vendor);
          // A GPU-sharing vendor with no accelerator of its own (Koordinator, Volcano): its typo is one of its sharing names.
          const sameVendor = knownOfVendor.length > 0 ? knownOfVendor : [...gpuSharingResources].filter((n) => vendorOf(n) === vendor);
          // Within a vendor, only a typo (or its one name) is rewritten: Intel's i915 and xe are different drivers to choose between.
          const closeInVendor = nearest(name, sameVendor);
          const suggestion =
            sameVendor.length === 0 ? (nearest(name, candidates) ?? 'nvidia.com/gpu') : closeInVendor !== undefined && (sameVendor.length === 1 || distance(name.toLowerCase(), closeInVendor.toLowerCase()) <= 2) ? closeInVendor : undefined;
          if (suggestion === undefined) {
            out.push(finding(range, `${containerLabel(c)} asks for "${name}", which no device plugin advertises, so the pod stays Pending; ${vendor}'s device plugins advertise ${sameVendor.map((n) => `"${n}"`).join(' or ')} (or list it in cluster.acceleratorResources).`));
            continue;
          }
          names ??= new Set(entries.map((e) => e.name));
          const fix = names.has(suggestion) ? undefined : { title: `Replace with ${suggestion}`, edits: [{ range, newText: suggestion }] };
          names.add(suggestion);
          out.push(finding(range, `${containerLabel(c)} asks for "${name}", which no device plugin advertises, so the pod stays Pending; use "${suggestion}" (or list it in cluster.acceleratorResources).`, fix));
        }
      }
    }
    return out;
  },
};
