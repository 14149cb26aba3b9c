import { gpusFromClaimsOnly, otherVendorAcceleratorsOnly, isGpuContainer, isGpuExporterImage, podRequestsAccelerator } from '../../kubernetes/gpu';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { finding, insertIntoMap, wantsFixes } from './helpers';

const productLabel = 'nvidia.com/gpu.product';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK423',
    name: 'gpu-product-unconstrained',
    family: 'ml',
    severity: 'hint',
    enabledByDefault: false,
    fixable: true,
    ml: true,
    equivalents: { kubeLinter: ['no-node-affinity'] },
    description: 'cluster.gpuProducts lists several GPU types and a GPU workload selects none of them.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    const products = ctx.cluster.gpuProducts;
    // KAITO places a Workspace's pods on the nodes of its resource.instanceType (it overwrites their affinity).
    if (!obj || products.length < 2 || (obj.kind === 'Workspace' && apiGroupOf(obj.apiVersion) === 'kaito.sh')) {
      return out;
    }
    const view = obj.view;
    for (const pod of obj.podSpecs) {
      // A DRA claim's device class and selectors choose the GPU, not node labels.
      if (!podRequestsAccelerator(view, pod, ctx.cluster) || gpusFromClaimsOnly(view, pod, ctx.cluster)) {
        continue;
      }
      // The product label names NVIDIA's GPU models: AMD and Intel GPU, TPU, Neuron and Gaudi nodes carry labels of their own.
      if (otherVendorAcceleratorsOnly(view, pod, ctx.cluster)) {
        continue;
      }
      // A GPU metrics exporter belongs on every GPU type.
      const gpuContainers = pod.containers.filter((c) => isGpuContainer(view, c, ctx.cluster, pod));
      if (gpuContainers.length > 0 && gpuContainers.every((c) => isGpuExporterImage(view.text(c.node, 'image')))) {
        continue;
      }
      const nodeSelector = view.map(view.get(pod.spec, 'nodeSelector'));
      const bySelector = view.get(nodeSelector, productLabel) !== undefined;
      const terms = view.list(view.at(pod.spec, ['affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms']));
      const byAffinity = terms.some((t) => view.list(view.get(t, 'matchExpressions')).some((e) => view.text(e, 'key') === productLabel));
      if (bySelector || byAffinity) {
        continue;
      }
      const first = products[0] as string;
      const edit = !wantsFixes(ctx) ? undefined : nodeSelector ? insertIntoMap(view, nodeSelector, `${productLabel}: ${first}`) : insertIntoMap(view, pod.spec, `nodeSelector:\n  ${productLabel}: ${first}`);
      out.push(finding(pod.anchor, `This GPU pod does not choose among the cluster's GPU types (${products.join(', ')}), so it may land on the wrong one; add a nodeSelector on ${productLabel}.`, edit ? { title: `Select ${first}`, edits: [edit] } : undefined));
    }
    return out;
  },
};
