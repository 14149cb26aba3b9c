import type { ContainerRef, KubeObject, PodSpecRef } from '../../kubernetes/model';
import type { KubernetesContext } from '../../kubernetes/rule';
import { isGpuContainer, isGpuExporterImage, runsMlCommand } from '../../kubernetes/gpu';
import { isMemoryEmptyDir, mounts, volumes } from './helpers';

/** The container needs a large `/dev/shm`: a GPU workload or an ML command, but not a GPU metrics exporter (MLK405, MLK406). */
export function needsShm(ctx: KubernetesContext, obj: KubeObject, c: ContainerRef): boolean {
  return c.kind === 'containers' && (isGpuContainer(obj.view, c, ctx.cluster) || runsMlCommand(obj.view, c.node)) && !isGpuExporterImage(obj.view.text(c.node, 'image'));
}

/** The container mounts a memory-backed emptyDir at `/dev/shm`. */
export function hasShmMount(obj: KubeObject, pod: PodSpecRef, c: ContainerRef): boolean {
  const view = obj.view;
  const memoryVolumes = new Set(volumes(view, pod).filter((v) => isMemoryEmptyDir(view, v.node)).map((v) => v.name));
  return mounts(view, c.node).some((m) => memoryVolumes.has(m.name) && (m.mountPath ?? '').replace(/\/+$/, '') === '/dev/shm');
}
