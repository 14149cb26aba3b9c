import { parseQuantity } from '../../kubernetes/quantity';
import type { KubernetesContext, KubernetesRule } from '../../kubernetes/rule';
import type { ContainerRef, KubeObject, PodSpecRef } from '../../kubernetes/model';
import type { RuleFinding } from '../../types';
import type { VolumeInfo } from './helpers';
import { containerLabel, finding, isMemoryEmptyDir, mounts, podMemoryLimit, resourcesSetAtRunTime, volumes } from './helpers';
import { mountsWithoutMemoryLimit } from './shm';

/**
 * The finding on a container that mounts the memory volume without a memory limit. It sits on the container's anchor,
 * where MLK302 (which supersedes it) reports the same missing limit: it shows only when MLK302 is off or silent there.
 */
function unlimitedFinding(obj: KubeObject, v: VolumeInfo, unlimited: ContainerRef): RuleFinding {
  const sizeLimit = obj.view.str(obj.view.at(v.node, ['emptyDir', 'sizeLimit']));
  const advice = sizeLimit !== undefined ? `set resources.limits.memory above the volume's sizeLimit (${sizeLimit})` : 'set resources.limits.memory and give the volume a sizeLimit below it';
  return finding(unlimited.anchor, `${containerLabel(unlimited)} mounts the memory volume "${v.name}" but has no memory limit; tmpfs pages count as container memory, so ${advice}.`);
}

/** A whole pod: a mounting container without a memory limit, or a sizeLimit at least the pod's total memory limit. */
function checkPod(obj: KubeObject, pod: PodSpecRef, memoryVolumes: readonly VolumeInfo[], out: RuleFinding[]): void {
  const view = obj.view;
  const mounted = pod.containers.map((c) => ({ c, names: new Set(mounts(view, c.node).map((m) => m.name)) }));
  for (const v of memoryVolumes) {
    const users = mounted.filter((x) => x.names.has(v.name)).map((x) => x.c);
    const unlimited = mountsWithoutMemoryLimit(obj, users);
    if (unlimited) {
      out.push(unlimitedFinding(obj, v, unlimited));
      continue;
    }
    const sizeNode = view.at(v.node, ['emptyDir', 'sizeLimit']);
    const size = parseQuantity(view.scalar(sizeNode)?.value);
    const total = podMemoryLimit(view, pod);
    const range = view.range(sizeNode);
    if (size !== undefined && users.length > 0 && !users.some((c) => resourcesSetAtRunTime(obj, c)) && total !== undefined && size >= total && range) {
      out.push(finding(range, `The memory volume "${v.name}" may hold ${view.str(sizeNode) ?? '?'}, at least the pod's total memory limit; a full /dev/shm then OOM-kills the pod instead of failing with ENOSPC: lower the sizeLimit or raise the memory limit.`));
    }
  }
}

/**
 * A Kustomize patch holds only what it changes: the base may add containers (and their limits) or set a limit the
 * patch leaves out. What the patch sets wins over the base, though, so a sizeLimit at least the memory limit of a
 * container that mounts the volume, both set here, already lets that container be OOM-killed by a full /dev/shm.
 */
function checkPatchPod(obj: KubeObject, pod: PodSpecRef, memoryVolumes: readonly VolumeInfo[], out: RuleFinding[]): void {
  const view = obj.view;
  for (const v of memoryVolumes) {
    const sizeNode = view.at(v.node, ['emptyDir', 'sizeLimit']);
    const size = parseQuantity(view.scalar(sizeNode)?.value);
    const range = view.range(sizeNode);
    if (size === undefined || !range) {
      continue;
    }
    for (const c of pod.containers) {
      const limitNode = view.at(c.node, ['resources', 'limits', 'memory']);
      const limit = parseQuantity(view.scalar(limitNode)?.value);
      if (limit !== undefined && size >= limit && !resourcesSetAtRunTime(obj, c) && mounts(view, c.node).some((m) => m.name === v.name)) {
        out.push(finding(range, `The memory volume "${v.name}" may hold ${view.str(sizeNode) ?? '?'}, at least the memory limit of ${containerLabel(c)} (${view.str(limitNode) ?? '?'}) that mounts it; its tmpfs pages count against that limit, so a full /dev/shm OOM-kills the container instead of failing with ENOSPC: lower the sizeLimit or raise the memory limit.`));
        break;
      }
    }
  }
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK408',
    name: 'shm-exceeds-memory-limit',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: "A memory emptyDir's sizeLimit is at least the pod's memory limit, or a container mounting it has no memory limit (left to MLK302 where it reports that container).",
  },
  check(ctx: KubernetesContext) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    for (const pod of obj?.podSpecs ?? []) {
      const view = (obj as KubeObject).view;
      const memoryVolumes = volumes(view, pod).filter((v) => isMemoryEmptyDir(view, v.node));
      if (memoryVolumes.length === 0) {
        continue;
      }
      (ctx.patch === true ? checkPatchPod : checkPod)(obj as KubeObject, pod, memoryVolumes, out);
    }
    return out;
  },
};
