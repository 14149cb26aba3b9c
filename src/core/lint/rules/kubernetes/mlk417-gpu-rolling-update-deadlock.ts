import { acceleratorNoun, objectRequestsAccelerator, podRequestsAccelerator, resourceEntries } from '../../kubernetes/gpu';
import type { ResourceEntry } from '../../kubernetes/gpu';
import { kaiShareLeavesRoom, koordinatorGpuResources, koordinatorPrefix, koordinatorReservesWholeCards } from '../../kubernetes/gpu-sharing-schedulers';
import type { KubeObject } from '../../kubernetes/model';
import { parseQuantity } from '../../kubernetes/quantity';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { Node } from 'yaml';
import type { YamlView } from '../../yaml/access';
import { finding, insertIntoMap, wantsFixes } from './helpers';

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

/** A container asks for a slice of a shared GPU (sharedGpuResources): without one, no pod shares a GPU. */
function namesSharedGpu(obj: KubeObject): boolean {
  for (const pod of obj.podSpecs) {
    for (const c of pod.containers) {
      for (const section of resourceSections) {
        for (const e of resourceEntries(obj.view, c.node, section)) {
          if (sharedGpuResources.has(e.name)) {
            return true;
          }
        }
      }
    }
  }
  return false;
}

/**
 * The pods take a slice of a shared GPU (HAMi, time-slicing, Koordinator, a KAI Scheduler fraction or GPU memory): a
 * surge pod takes another slice of the same card. Not when a share reserves the whole card (HAMi's use_exclusive_card
 * example, Koordinator's `gpu-core: 100`): the surge pod waits as for a plain GPU.
 */
function sharesGpus(obj: KubeObject): boolean {
  if (obj.podSpecs.some((pod) => kaiShareLeavesRoom(obj.view, pod))) {
    return true;
  }
  if (!namesSharedGpu(obj)) {
    return false;
  }
  const view = obj.view;
  for (const pod of obj.podSpecs) {
    for (const c of pod.containers) {
      for (const section of resourceSections) {
        const entries = resourceEntries(view, c.node, section);
        if (entries.some((e) => reservesWholeCard(view, e)) || (entries.some((e) => e.name.startsWith(koordinatorPrefix)) && koordinatorReservesWholeCards(view, entries))) {
          return false;
        }
      }
    }
  }
  return true;
}

/** An int-or-percent rolling-update value, resolved against the replica count (surge rounds up, unavailable down). */
function resolve(view: YamlView, node: Node | undefined, replicas: number, roundUp: boolean): number | undefined {
  const v = node === undefined ? '25%' : view.str(node);
  if (v === undefined) {
    return undefined;
  }
  const m = /^(\d+)%$/.exec(v);
  if (!m) {
    return /^\d+$/.test(v) ? Number(v) : undefined;
  }
  const raw = (Number(m[1]) * replicas) / 100;
  return roundUp ? Math.ceil(raw) : Math.floor(raw);
}

/**
 * The surge pod waits only while no spare accelerator is schedulable: a free one, or a node that an autoscaler
 * (Karpenter, the cluster autoscaler) provisions for it, lets the rollout go on.
 */
function surgeMessage(noun: string, surge: number): string {
  const held = noun === 'GPU' ? 'a GPU' : `the ${noun}s`;
  const spare = noun === 'GPU' ? 'a spare GPU is' : `spare ${noun}s are`;
  return (
    `This ${noun} Deployment rolls out with maxSurge ${surge} and maxUnavailable 0, so the new pod waits for ${held} the old pod holds ` +
    `and the rollout stalls unless ${spare} free or a node can be provisioned for it; use strategy Recreate, or maxSurge: 0 with maxUnavailable: 1 ` +
    `(or set cluster.gpuNodeAutoscaling if an autoscaler adds GPU nodes).`
  );
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK417',
    name: 'gpu-rolling-update-deadlock',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'A GPU Deployment rolls out with maxSurge ≥ 1 and maxUnavailable = 0, so the new pod waits for the GPU the old one holds.',
  },
  check(ctx) {
    const obj = ctx.object;
    if (!obj || obj.kind !== 'Deployment' || ctx.cluster.gpuNodeAutoscaling || !objectRequestsAccelerator(obj, ctx.cluster)) {
      return [];
    }
    const view = obj.view;
    const spec = view.map(view.get(obj.root, 'spec'));
    const strategy = view.get(spec, 'strategy');
    const type = view.text(strategy, 'type') ?? 'RollingUpdate';
    if (type !== 'RollingUpdate') {
      return [];
    }
    const replicasValue = view.scalar(view.get(spec, 'replicas'))?.value;
    const replicas = typeof replicasValue === 'number' ? replicasValue : 1;
    const ru = view.get(strategy, 'rollingUpdate');
    const surge = resolve(view, view.get(ru, 'maxSurge'), replicas, true);
    const unavailable = resolve(view, view.get(ru, 'maxUnavailable'), replicas, false);
    if (surge === undefined || unavailable === undefined || surge < 1 || unavailable !== 0 || sharesGpus(obj)) {
      return [];
    }
    const anchor = view.valueRange(strategy, 'type') ?? view.rangeOfKey(obj.root, ['spec', 'strategy']) ?? view.rangeOfKey(obj.root, ['spec']);
    if (!anchor) {
      return [];
    }
    const noun = acceleratorNoun(view, obj.podSpecs.filter((p) => podRequestsAccelerator(view, p, ctx.cluster)), ctx.cluster);
    const edit = strategy === undefined && spec && wantsFixes(ctx) ? insertIntoMap(view, spec, 'strategy:\n  type: Recreate') : undefined;
    return [
      finding(anchor, surgeMessage(noun, surge), edit ? { title: 'Use strategy: Recreate', edits: [edit] } : undefined),
    ];
  },
};
