import { acceleratorNoun, objectRequestsAccelerator, podRequestsAccelerator } from '../../kubernetes/gpu';
import { takesGpuSlice } from '../../kubernetes/shared-gpu-pods';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { Node } from 'yaml';
import type { YamlView } from '../../yaml/access';
import { finding, insertIntoMap, wantsFixes } from './helpers';

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
    // Pods on a slice of a shared GPU (a Deployment has one pod template): the surge pod takes another slice of the same card.
    if (surge === undefined || unavailable === undefined || surge < 1 || unavailable !== 0 || obj.podSpecs.some((pod) => takesGpuSlice(view, pod))) {
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
