import type { Node } from 'yaml';
import type { YamlView } from '../yaml/access';
import { derivation } from '../yaml/access';
import type { ResourceEntry } from './gpu';
import { resourceEntries } from './gpu';
import { kaiShareLeavesRoom, koordinatorGpuResources, koordinatorPrefix, koordinatorReservesWholeCards } from './gpu-sharing-schedulers';
import type { PodSpecRef } from './model';
import { parseQuantity } from './quantity';

/** Slices of a shared GPU: HAMi's memory and core shares, time-sliced `nvidia.com/gpu.shared`, Koordinator's DeviceShare. */
const sharedGpuResources = new Set(['nvidia.com/gpumem', 'nvidia.com/gpumem-percentage', 'nvidia.com/gpucores', 'nvidia.com/gpu.shared', ...koordinatorGpuResources]);

/**
 * HAMi shares that reserve the whole card: 100 % of its cores (HAMi's scheduler places such a pod only on a card
 * nothing else uses) or 100 % of its memory (nothing is left for another pod, and HAMi's webhook then sets the cores to 100).
 */
const wholeCardShares = new Set(['nvidia.com/gpucores', 'nvidia.com/gpumem-percentage']);

function reservesWholeCard(view: YamlView, e: ResourceEntry): boolean {
  const value = wholeCardShares.has(e.name) ? parseQuantity(view.scalar(e.value)?.value) : undefined;
  return value !== undefined && value >= 100;
}

const resourceSections = ['limits', 'requests'] as const;

/**
 * The pod takes a slice of a GPU that other pods share: a HAMi, time-slicing or Koordinator share, or a KAI Scheduler
 * fraction or amount of GPU memory. Not when a share reserves the whole card (HAMi's use_exclusive_card example,
 * Koordinator's `gpu-core: 100`): such a pod waits for a card of its own, as for a plain GPU.
 */
export function takesGpuSlice(view: YamlView, pod: PodSpecRef): boolean {
  return view.derive(slicedPods, pod);
}

/** takesGpuSlice, read once per pod (MLK307 and MLK417 ask). */
const slicedPods = derivation((view, pod: PodSpecRef): boolean => {
  if (kaiShareLeavesRoom(view, pod)) {
    return true;
  }
  let slice = false;
  for (const c of pod.containers) {
    for (const section of resourceSections) {
      const entries = resourceEntries(view, c.node, section);
      if (entries.some((e) => reservesWholeCard(view, e)) || (entries.some((e) => e.name.startsWith(koordinatorPrefix)) && koordinatorReservesWholeCards(view, entries))) {
        return false;
      }
      slice ||= entries.some((e) => sharedGpuResources.has(e.name));
    }
  }
  return slice;
});

/** The GPU sharing strategies NVIDIA's GPU feature discovery labels nodes with (`none` on the others). */
const sharingStrategies = new Set(['time-slicing', 'mps']);

/**
 * A node label (key and value) that NVIDIA's GPU feature discovery sets only where GPUs are shared:
 * `nvidia.com/<resource>.sharing-strategy` of `time-slicing` or `mps`, `nvidia.com/mps.capable: "true"`, and the
 * `-SHARED` suffix it adds to `nvidia.com/<resource>.product` on time-sliced GPUs that keep their resource name.
 */
function sharedGpuNodeLabel(key: string, value: string): boolean {
  if (!key.startsWith('nvidia.com/')) {
    return false;
  }
  if (key.endsWith('.sharing-strategy')) {
    return sharingStrategies.has(value);
  }
  return (key === 'nvidia.com/mps.capable' && value === 'true') || (key.endsWith('.product') && value.endsWith('-SHARED'));
}

/** A node selector requirement (`In`) that only nodes with shared GPUs meet. */
function requiresSharedGpuNode(view: YamlView, expression: Node): boolean {
  const key = view.text(expression, 'key') ?? '';
  const values = view.list(view.get(expression, 'values')).map((v) => view.str(v) ?? '');
  return view.text(expression, 'operator') === 'In' && values.length > 0 && values.every((v) => sharedGpuNodeLabel(key, v));
}

/**
 * The pod is placed only on nodes whose GPUs are shared (time-slicing or MPS): by its nodeSelector, or by a required
 * node affinity each of whose terms asks for such a node.
 */
export function selectsSharedGpuNodes(view: YamlView, pod: PodSpecRef): boolean {
  // Neither a node selector nor an affinity (most pods): no node is asked for.
  if (view.get(pod.spec, 'nodeSelector') === undefined && view.get(pod.spec, 'affinity') === undefined) {
    return false;
  }
  const selector = view.entries(view.map(view.get(pod.spec, 'nodeSelector')));
  if (selector.some(([key, pair]) => sharedGpuNodeLabel(key, view.str(pair.value) ?? ''))) {
    return true;
  }
  const terms = view.list(view.at(pod.spec, ['affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms']));
  return terms.length > 0 && terms.every((term) => view.list(view.get(term, 'matchExpressions')).some((e) => requiresSharedGpuNode(view, e)));
}
