import type { ContainerRef, PodSpecRef } from '../../kubernetes/model';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { appAndInitContainers, containerLabel, containers, finding, initRunsInPodRequest, isMemoryEmptyDir, kserveDefaultsCpuAndMemory, mounts, resourcesSetAtRunTime, volumes } from './helpers';
import { vllmRuntimeResourcesField } from './vllm-runtime-resources';

/** When the limit is missing: the memory-backed volume the container mounts (tmpfs pages count against the limit), if any. */
function memoryVolumeNote(view: YamlView, pod: PodSpecRef, c: ContainerRef): string {
  const memoryVolumes = volumes(view, pod).filter((v) => isMemoryEmptyDir(view, v.node));
  if (memoryVolumes.length === 0) {
    return '';
  }
  const mounted = mounts(view, c.node).filter((m) => memoryVolumes.some((v) => v.name === m.name));
  const shm = mounted.find((m) => (m.mountPath ?? '').replace(/\/+$/, '') === '/dev/shm');
  if (shm) {
    return ' (its memory-backed /dev/shm counts against the limit)';
  }
  return mounted[0] ? ` (its memory-backed volume "${mounted[0].name}" counts against the limit)` : '';
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK302',
    name: 'memory-requirements-missing',
    family: 'performance',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    // A missing limit is reported with the memory volume the container mounts: MLK408's "no memory limit" there repeats it.
    supersedes: ['MLK408'],
    equivalents: { kubeLinter: ['unset-memory-requirements'], kubeScore: ['container-resources'], polaris: ['memoryRequestsMissing', 'memoryLimitsMissing'] },
    description: 'A container lacks requests.memory or limits.memory (an init container lacks a request only when no app container requests memory).',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { obj, pod, c } of containers(ctx, appAndInitContainers)) {
      if (resourcesSetAtRunTime(obj, c) || kserveDefaultsCpuAndMemory(obj, pod, c)) {
        continue;
      }
      const view = obj.view;
      const resources = view.get(c.node, 'resources');
      const noLimit = view.get(view.get(resources, 'limits'), 'memory') === undefined;
      // An init container's request is covered by an app container's (see initRunsInPodRequest); its limit still bounds it.
      const noRequest = view.get(view.get(resources, 'requests'), 'memory') === undefined && !initRunsInPodRequest(view, pod, c, 'memory');
      const operatorField = vllmRuntimeResourcesField(obj, pod);
      if (operatorField !== undefined && (noRequest || noLimit)) {
        // The operator takes a missing request from the limit, so only the limit (or both) can be missing.
        const advice = noRequest ? `no ${operatorField}.memory; set it (the operator makes it both the request and the limit)` : `no memory limit; set ${operatorField}.memory or ${operatorField}.limits.memory`;
        out.push(finding(c.anchor, `${containerLabel(c)} has ${advice}.`));
      } else if (noRequest || noLimit) {
        const missing = noRequest && noLimit ? ['resources.requests.memory', 'resources.limits.memory'] : [noRequest ? 'resources.requests.memory' : 'resources.limits.memory'];
        // A limit alone is copied to the request: say so rather than imply the pod reserves nothing.
        const advice = noRequest && !noLimit ? ', so Kubernetes reserves its whole memory limit as the request; set a request that matches its usage' : `; set ${missing.length === 2 ? 'both' : 'it'}${memoryVolumeNote(view, pod, c)}`;
        out.push(finding(c.anchor, `${containerLabel(c)} has no ${missing.join(' and no ')}${advice}.`));
      }
    }
    return out;
  },
};
