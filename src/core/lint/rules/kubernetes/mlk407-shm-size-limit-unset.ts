import { podMetadata } from '../../kubernetes/gpu-sharing-schedulers';
import { podFieldPatched } from '../../kubernetes/kustomize-patched-fields';
import type { KubeObject, PodSpecRef } from '../../kubernetes/model';
import { trainingReplicaKeys } from '../../kubernetes/model';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import type { KubernetesContext, KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { finding, insertIntoMap, isMemoryEmptyDir, volumes, wantsFixes } from './helpers';
import { containersMounting, mountsWithoutMemoryLimit, shmSizeLimit } from './shm';

/** The pod's annotations, as key and text value. */
function podAnnotations(view: YamlView, pod: PodSpecRef): [string, string][] {
  return view.entries(view.get(podMetadata(view, pod), 'annotations')).map(([key, pair]) => [key, view.str(pair.value) ?? '']);
}

/**
 * API groups whose pod templates are the whole pod: the core workloads, KubeRay's, LeaderWorkerSet's and JobSet's (and
 * Kubeflow's training jobs). An operator that merges a pod from several objects (KServe's runtimes and predictors,
 * Kubeflow Trainer's runtimes, Seldon's server configs, Flyte's PodTemplate base) may mount a volume from another one.
 */
const wholePodGroups = new Set(['', 'apps', 'batch', 'ray.io', 'leaderworkerset.x-k8s.io', 'jobset.x-k8s.io']);

function podIsWhole(obj: KubeObject): boolean {
  if (obj.kind === undefined || obj.kind === 'PodTemplate') {
    return false;
  }
  return wholePodGroups.has(apiGroupOf(obj.apiVersion)) || Object.hasOwn(trainingReplicaKeys, obj.kind);
}

/**
 * No container mounts the volume, and nothing else can: the pod is whole (podIsWhole) and neither assembled, patched by
 * its operator nor by a Kustomize patch; no annotation names the volume for an injected sidecar (Istio's
 * userVolumeMount); and it is none of the volumes GKE's Cloud Storage FUSE sidecar takes (gke-gcsfuse-cache, -tmp,
 * -buffer). A volume named like shm is meant for /dev/shm: MLK406 asks to mount it there.
 */
function mountedByNothing(ctx: KubernetesContext, obj: KubeObject, pod: PodSpecRef, name: string): boolean {
  if (ctx.patch === true || !podIsWhole(obj) || pod.assembled !== undefined || pod.specPatch !== undefined || /shm/i.test(name) || name.startsWith('gke-gcsfuse-')) {
    return false;
  }
  const view = obj.view;
  if (containersMounting(view, pod, name).length > 0 || podFieldPatched(ctx.kustomizeBuild, obj, pod, 'containers')) {
    return false;
  }
  return !podAnnotations(view, pod).some(([, value]) => value.includes(`"${name}"`));
}

/** What to do with a memory volume no container mounts; on a pod using Cloud Storage FUSE, the cache name its sidecar takes. */
function unmountedMessage(view: YamlView, pod: PodSpecRef, name: string): string {
  const gcsfuse = podAnnotations(view, pod).some(([key]) => key.startsWith('gke-gcsfuse/'));
  const rename = gcsfuse ? " (GKE's Cloud Storage FUSE sidecar uses a cache volume only when it is named gke-gcsfuse-cache)" : '';
  return `The memory volume "${name}" is mounted by no container, so a sizeLimit changes nothing; remove it${rename}.`;
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK407',
    name: 'shm-size-limit-unset',
    family: 'ml',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'An emptyDir with medium: Memory has no sizeLimit.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    if (!obj) {
      return out;
    }
    const view = obj.view;
    for (const pod of obj.podSpecs) {
      // With a memory limit on every container, Kubernetes sizes the tmpfs to the pod's limit and its pages count against it.
      const limited = pod.containers.length > 0 && pod.containers.every((c) => view.at(c.node, ['resources', 'limits', 'memory']) !== undefined);
      const why = limited
        ? "so it is sized to the pod's memory limit and filling it gets the container OOM-killed instead of a clear 'no space left' error"
        : "and the pod has no memory limit, so it can grow to the node's memory";
      for (const v of volumes(view, pod)) {
        const emptyDir = view.map(view.get(v.node, 'emptyDir'));
        if (!emptyDir || !isMemoryEmptyDir(view, v.node) || view.get(emptyDir, 'sizeLimit') !== undefined) {
          continue;
        }
        const range = view.valueRange(emptyDir, 'medium');
        if (!range) {
          continue;
        }
        if (mountedByNothing(ctx, obj, pod, v.name)) {
          out.push(finding(range, unmountedMessage(view, pod, v.name)));
          continue;
        }
        const size = wantsFixes(ctx) ? shmSizeLimit(view, pod) : undefined;
        const edit = size !== undefined ? insertIntoMap(view, emptyDir, `sizeLimit: ${size}`) : undefined;
        // MLK408 already reports the missing memory limit of a container that mounts it, and asks for a sizeLimit below it.
        const reportedByMlk408 = !limited && mountsWithoutMemoryLimit(obj, containersMounting(view, pod, v.name)) !== undefined;
        const message = reportedByMlk408
          ? `The memory volume "${v.name}" has no sizeLimit; add one below the memory limit of the containers that mount it.`
          : `The memory volume "${v.name}" has no sizeLimit, ${why}; add a sizeLimit below the pod's memory limit.`;
        out.push(finding(range, message, edit ? { title: `Add sizeLimit: ${size ?? ''}`, edits: [edit] } : undefined));
      }
    }
    return out;
  },
};
