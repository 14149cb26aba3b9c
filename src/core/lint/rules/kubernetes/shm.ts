import type { ContainerRef, KubeObject, PodSpecRef } from '../../kubernetes/model';
import type { KubernetesContext } from '../../kubernetes/rule';
import { isGpuContainer, isGpuExporterImage, runsMlCommand } from '../../kubernetes/gpu';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import { isMemoryEmptyDir, mounts, volumes } from './helpers';

/** The container needs a large `/dev/shm`: a GPU workload or an ML command, but not a GPU metrics exporter (MLK405, MLK406). */
export function needsShm(ctx: KubernetesContext, obj: KubeObject, c: ContainerRef): boolean {
  return c.kind === 'containers' && (isGpuContainer(obj.view, c, ctx.cluster) || runsMlCommand(obj.view, c.node)) && !isGpuExporterImage(obj.view.text(c.node, 'image'));
}

/**
 * KubeRay mounts a memory-backed emptyDir at `/dev/shm` in the Ray container (the first) of every pod it makes
 * for the object store, unless the group's rayStartParams set `plasma-directory` (BuildPod in KubeRay's pod.go).
 */
function kubeRayMountsShm(obj: KubeObject, pod: PodSpecRef, c: ContainerRef): boolean {
  if (apiGroupOf(obj.apiVersion) !== 'ray.io' || pod.containers.find((k) => k.kind === 'containers') !== c) {
    return false;
  }
  // The pod spec sits at <group>.template.spec: the head group, or a worker group.
  const groupPath = pod.path.slice(0, -2);
  const groupKey = groupPath[groupPath.length - 1] === 'headGroupSpec' ? 'headGroupSpec' : groupPath[groupPath.length - 2];
  if (groupKey !== 'headGroupSpec' && groupKey !== 'workerGroupSpecs') {
    return false;
  }
  const view = obj.view;
  return view.get(view.get(view.at(obj.root, groupPath), 'rayStartParams'), 'plasma-directory') === undefined;
}

/** The container mounts a memory-backed emptyDir at `/dev/shm` (or its operator mounts one). */
export function hasShmMount(obj: KubeObject, pod: PodSpecRef, c: ContainerRef): boolean {
  if (kubeRayMountsShm(obj, pod, c)) {
    return true;
  }
  const view = obj.view;
  const memoryVolumes = new Set(volumes(view, pod).filter((v) => isMemoryEmptyDir(view, v.node)).map((v) => v.name));
  return mounts(view, c.node).some((m) => memoryVolumes.has(m.name) && (m.mountPath ?? '').replace(/\/+$/, '') === '/dev/shm');
}
