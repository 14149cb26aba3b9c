import type { KubernetesContext, KubernetesRule } from '../../kubernetes/rule';
import type { ContainerRef, KubeObject, PodSpecRef } from '../../kubernetes/model';
import type { RuleFinding } from '../../types';
import type { MountInfo, VolumeInfo } from './helpers';
import { finding, isMemoryEmptyDir, mounts, volumes } from './helpers';
import { needsShm } from './shm';
import type { ServingPodHalf } from './serving-runtimes';
import { servingPodPartners } from './serving-runtimes';

/** A memory-backed emptyDir named like shm: the volume meant for /dev/shm. */
function isShmNamedMemoryVolume(obj: KubeObject, volume: VolumeInfo): boolean {
  return /shm/i.test(volume.name) && isMemoryEmptyDir(obj.view, volume.node);
}

/** Some container of the pod KServe merges with this one (`partners`) mounts the volume. */
function partnerMounts(partners: readonly ServingPodHalf[], name: string): boolean {
  return partners.some(({ obj, pod }) => pod.containers.some((c) => mounts(obj.view, c.node).some((m) => m.name === name)));
}

/** A shm-named memory volume of the pods KServe merges with this one (`partners`). */
function partnerShmVolume(partners: readonly ServingPodHalf[], name: string): boolean {
  return partners.some(({ obj, pod }) => volumes(obj.view, pod).some((v) => v.name === name && isShmNamedMemoryVolume(obj, v)));
}

/** The container, or in a pod KServe merges with others, one of theirs, needs a large /dev/shm. */
function mergedNeedsShm(ctx: KubernetesContext, obj: KubeObject, pod: PodSpecRef, c: ContainerRef, partners: readonly ServingPodHalf[]): boolean {
  return needsShm(ctx, obj, c, pod) || partners.some((p) => p.pod.containers.some((k) => needsShm(ctx, p.obj, k, p.pod)));
}

/** The finding on a mount of a shm volume at another path than /dev/shm. */
function mountedElsewhere(obj: KubeObject, volume: string, m: MountInfo): RuleFinding | undefined {
  const view = obj.view;
  const at = view.valueRange(m.node, 'mountPath') ?? view.lineRange(m.node);
  return at
    ? finding(at, `The memory volume "${volume}" is mounted at ${m.mountPath ?? '(nothing)'}, not /dev/shm, so shared memory stays 64 MB; set mountPath: /dev/shm.`, { title: 'Mount it at /dev/shm', edits: [{ range: at, newText: '/dev/shm' }] })
    : undefined;
}

/**
 * The pod's findings. A KServe predictor and the ServingRuntime of its file that it names make one pod (volumes
 * joined by name, mounts by mountPath: runtimePodMountsShm), so a volume one declares may be mounted by the other.
 */
function checkPod(ctx: KubernetesContext, obj: KubeObject, pod: PodSpecRef, out: RuleFinding[]): void {
  const view = obj.view;
  // One pass over the mounts (a hostile pod may have many volumes and mounts).
  const byVolume = new Map<string, { c: ContainerRef; m: MountInfo }[]>();
  for (const c of pod.containers) {
    for (const m of mounts(view, c.node)) {
      const list = byVolume.get(m.name) ?? [];
      list.push({ c, m });
      byVolume.set(m.name, list);
    }
  }
  let partners: readonly ServingPodHalf[] | undefined;
  const partnersOf = (): readonly ServingPodHalf[] => (partners ??= servingPodPartners(obj, pod));
  const own = new Set<string>();
  for (const v of volumes(view, pod)) {
    own.add(v.name);
    if (!isShmNamedMemoryVolume(obj, v)) {
      continue;
    }
    const allMounts = byVolume.get(v.name) ?? [];
    const range = view.range(v.nameNode);
    if (!range) {
      continue;
    }
    if (allMounts.length === 0) {
      if (!partnerMounts(partnersOf(), v.name)) {
        out.push(finding(range, `The memory volume "${v.name}" is declared but mounted nowhere, so /dev/shm stays 64 MB; mount it at /dev/shm in the GPU container.`));
      }
      continue;
    }
    for (const { c, m } of allMounts) {
      if ((m.mountPath ?? '').replace(/\/+$/, '') !== '/dev/shm' && needsShm(ctx, obj, c, pod)) {
        const wrong = mountedElsewhere(obj, v.name, m);
        if (wrong) {
          out.push(wrong);
        }
      }
    }
  }
  // Mounts of a volume the merged pod's other half declares.
  for (const [name, list] of byVolume) {
    if (own.has(name) || partnersOf().length === 0 || !partnerShmVolume(partnersOf(), name)) {
      continue;
    }
    for (const { c, m } of list) {
      if ((m.mountPath ?? '').replace(/\/+$/, '') !== '/dev/shm' && mergedNeedsShm(ctx, obj, pod, c, partnersOf())) {
        const wrong = mountedElsewhere(obj, name, m);
        if (wrong) {
          out.push(wrong);
        }
      }
    }
  }
}

/** The pod declares a volume or a container mounts one: most pods do neither, and give checkPod nothing to judge. */
function usesVolumes(obj: KubeObject, pod: PodSpecRef): boolean {
  if (volumes(obj.view, pod).length > 0) {
    return true;
  }
  for (const c of pod.containers) {
    if (mounts(obj.view, c.node).length > 0) {
      return true;
    }
  }
  return false;
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK406',
    name: 'shm-volume-not-mounted',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'A memory emptyDir named like shm is mounted nowhere, or not at /dev/shm by the GPU container.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    for (const pod of obj?.podSpecs ?? []) {
      if (usesVolumes(obj as KubeObject, pod)) {
        checkPod(ctx, obj as KubeObject, pod, out);
      }
    }
    return out;
  },
};
