import type { KubernetesContext } from '../../kubernetes/rule';
import type { PodContainer } from '../../kubernetes/model';
import { acceleratorLimit } from '../../kubernetes/gpu';
import { kaiSharedGpus } from '../../kubernetes/gpu-sharing-schedulers';

/** The GPUs the container works on: its accelerator limit (or DRA claim), else the KAI Scheduler share it gets. */
export function containerGpus(ctx: KubernetesContext, { obj, pod, c }: PodContainer): number {
  const limit = acceleratorLimit(obj.view, c, ctx.cluster);
  return limit > 0 ? limit : kaiSharedGpus(obj.view, pod, c);
}

/** The container's only GPU is a KAI Scheduler share of one card: no collective runs between GPUs of its pod. */
export function onOneKaiShare(ctx: KubernetesContext, { obj, pod, c }: PodContainer): boolean {
  return acceleratorLimit(obj.view, c, ctx.cluster) === 0 && kaiSharedGpus(obj.view, pod, c) === 1;
}
