import { acceleratorNoun, objectRequestsAccelerator, podRequestsAccelerator, resourceEntries } from '../../kubernetes/gpu';
import type { KubeObject } from '../../kubernetes/model';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { Node } from 'yaml';
import type { YamlView } from '../../yaml/access';
import { finding, insertIntoMap, wantsFixes } from './helpers';

/** An int-or-percent rolling-update value, resolved against the replica count (surge rounds up, unavailable down). */
/** Slices of a shared GPU: HAMi's memory and core shares, time-sliced `nvidia.com/gpu.shared`. */
const sharedGpuResources = new Set(['nvidia.com/gpumem', 'nvidia.com/gpumem-percentage', 'nvidia.com/gpucores', 'nvidia.com/gpu.shared']);

/** The pods take a slice of a shared GPU (HAMi, time-slicing): a surge pod takes another slice of the same card. */
function sharesGpus(obj: KubeObject): boolean {
  const view = obj.view;
  return obj.podSpecs.some((pod) => pod.containers.some((c) => (['limits', 'requests'] as const).some((section) => resourceEntries(view, c.node, section).some((e) => sharedGpuResources.has(e.name)))));
}

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
    if (!obj || obj.kind !== 'Deployment' || ctx.cluster.gpuNodeAutoscaling || !objectRequestsAccelerator(obj, ctx.cluster) || sharesGpus(obj)) {
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
    if (surge === undefined || unavailable === undefined || surge < 1 || unavailable !== 0) {
      return [];
    }
    const anchor = view.valueRange(strategy, 'type') ?? view.rangeOfKey(obj.root, ['spec', 'strategy']) ?? view.rangeOfKey(obj.root, ['spec']);
    if (!anchor) {
      return [];
    }
    const noun = acceleratorNoun(view, obj.podSpecs.filter((p) => podRequestsAccelerator(view, p, ctx.cluster)), ctx.cluster);
    const edit = strategy === undefined && spec && wantsFixes(ctx) ? insertIntoMap(view, spec, 'strategy:\n  type: Recreate') : undefined;
    return [
      finding(anchor, `This ${noun} Deployment rolls out with maxSurge ${surge} and maxUnavailable 0, so the new pod waits for ${noun === 'GPU' ? 'a GPU' : `the ${noun}s`} the old pod holds and the rollout deadlocks; use strategy Recreate, or maxSurge: 0 with maxUnavailable: 1.`, edit ? { title: 'Use strategy: Recreate', edits: [edit] } : undefined),
    ];
  },
};
