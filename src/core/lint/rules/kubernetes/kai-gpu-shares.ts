import type { KubernetesContext } from '../../kubernetes/rule';
import type { PodContainer } from '../../kubernetes/model';
import { acceleratorLimit, imageRepository, isGpuExporterImage } from '../../kubernetes/gpu';
import { kaiSharedGpus } from '../../kubernetes/gpu-sharing-schedulers';
import { isPausePlaceholder } from '../../single-process-servers';
import { onlyListsDevices, sleepsOnPlainOs } from './shm';

/** The GPUs the container works on: its accelerator limit (or DRA claim), else the KAI Scheduler share it gets. */
export function containerGpus(ctx: KubernetesContext, { obj, pod, c }: PodContainer): number {
  const limit = acceleratorLimit(obj.view, c, ctx.cluster);
  return limit > 0 ? limit : kaiSharedGpus(obj.view, pod, c);
}

/** The container's only GPU is a KAI Scheduler share of one card: no collective runs between GPUs of its pod. */
export function onOneKaiShare(ctx: KubernetesContext, { obj, pod, c }: PodContainer): boolean {
  return acceleratorLimit(obj.view, c, ctx.cluster) === 0 && kaiSharedGpus(obj.view, pod, c) === 1;
}

/**
 * The app container KAI Scheduler shares a GPU with needs a large /dev/shm as one with nvidia.com/gpu does (needsShm
 * reads resources only), with needsShm's exceptions: a GPU metrics exporter, a bare device listing (KAI's own
 * gpu-sharing examples run `nvidia-smi`), a pause container, or a plain OS image that only sleeps.
 */
export function kaiShareNeedsShm({ obj, pod, c }: PodContainer): boolean {
  const view = obj.view;
  if (c.kind !== 'containers' || kaiSharedGpus(view, pod, c) === 0) {
    return false;
  }
  const image = view.text(c.node, 'image');
  return !isGpuExporterImage(image) && !onlyListsDevices(view, c.node) && !isPausePlaceholder(imageRepository(image ?? '')) && !sleepsOnPlainOs(view, c.node);
}
