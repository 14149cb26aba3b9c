import type { ContainerRef, KubeObject, PodSpecRef } from '../../kubernetes/model';
import type { KubernetesContext } from '../../kubernetes/rule';
import { commandWords, imageRepository, isAcceleratorResource, isGpuContainer, isGpuExporterImage, resourceEntries, runsMlCommand } from '../../kubernetes/gpu';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import { isPausePlaceholder } from '../../single-process-servers';
import { onlyChecksDevices, onlySleeps } from '../../device-checks';
import { isMemoryEmptyDir, mounts, podMemoryLimit, resourcesSetAtRunTime, volumes } from './helpers';
import type { Node } from 'yaml';
import type { YamlView } from '../../yaml/access';
import { derivation } from '../../yaml/access';
import { fileServingRuntime, isHostShm, runtimePodMountsShm } from './serving-runtimes';
import { isDualPodRequester } from './dual-pod-requesters';

/** The container's command and args as written: a `sh -c` script keeps its lines (commandWords does not). */
function commandParts(view: YamlView, container: Node): string[] {
  // An Argo script template runs `source` with its command (`command: [bash]`): as `bash -c SOURCE` would.
  const source = view.str(view.get(container, 'source'));
  const command = view.list(view.get(container, 'command')).map((n) => view.str(n) ?? '');
  if (source !== undefined && command.length === 1) {
    return [command[0] as string, '-c', source];
  }
  const parts: string[] = [];
  for (const key of ['command', 'args']) {
    for (const item of view.list(view.get(container, key))) {
      const s = view.str(item);
      if (s !== undefined) {
        parts.push(s);
      }
    }
  }
  return parts;
}

/**
 * The container only checks its accelerators: `nvidia-smi` (with options), `amd-smi monitor`, CUDA's deviceQuery and
 * the like, directly or in a shell script that otherwise only runs shell utilities and package installs
 * (`nvidia-smi; ls -la /dev/nvidia-caps; sleep 9000 & wait`): a GPU smoke check.
 */
export function onlyListsDevices(view: YamlView, container: Node): boolean {
  return view.derive(listsDevicesOnly, container);
}

// Asked of the same containers by MLK405, MLK304 and the GPU job scopes (MLK413/MLK414): worked out once per container.
const listsDevicesOnly = derivation((view, container: Node): boolean => onlyChecksDevices(commandParts(view, container)));

/** PyTorch (DataLoader workers share tensors through /dev/shm), PyTorch/XLA, or vLLM on it. */
const torchRe = /torch|vllm/i;

/**
 * A TPU container that shows no PyTorch: JAX (MaxText, JetStream, `pip install jax[tpu]`) keeps its data in TPU
 * memory and host threads, and no NCCL runs on TPUs, so the 64 MB default /dev/shm does not hold it back.
 */
function jaxOnTpu(ctx: KubernetesContext, obj: KubeObject, c: ContainerRef): boolean {
  const view = obj.view;
  const limits = resourceEntries(view, c.node, 'limits');
  // No TPU limit (most containers): not a TPU container.
  if (!limits.some((e) => e.name === 'google.com/tpu')) {
    return false;
  }
  const accelerators = limits.filter((e) => isAcceleratorResource(e.name, ctx.cluster));
  if (accelerators.length === 0 || !accelerators.every((e) => e.name === 'google.com/tpu') || (c.draGpus ?? 0) > 0) {
    return false;
  }
  return !torchRe.test([view.text(c.node, 'image') ?? '', ...commandWords(view, c.node)].join(' '));
}

/** Plain OS images: nothing on them uses /dev/shm until software is installed. */
const plainOsRepositoryRe = /(?:^|\/)(?:ubuntu|debian|alpine|busybox|fedora|centos|rockylinux|almalinux|amazonlinux|oraclelinux|ubi\d+(?:-minimal|-micro)?)$/;

/**
 * A plain OS image that only sleeps (`ubuntu:18.04` with `sleep 86400`, HAMi's and Kueue's GPU-sharing examples): it
 * holds the GPU it was given and runs nothing on it. An ML image that sleeps is a dev pod someone execs into: not this.
 */
export function sleepsOnPlainOs(view: YamlView, container: Node): boolean {
  return plainOsRepositoryRe.test(imageRepository(view.text(container, 'image') ?? '')) && containerOnlySleeps(view, container);
}

/** The container's command only sleeps (onlySleeps), whatever its image: it waits for someone to exec into it. */
export function containerOnlySleeps(view: YamlView, container: Node): boolean {
  return onlySleeps(commandParts(view, container));
}

/**
 * The container runs nothing that uses `/dev/shm` though it holds a GPU: a GPU metrics exporter, a bare device listing
 * (nvidia-smi, amd-smi...), a pause container, or a plain OS image that only sleeps.
 */
export function idlesOnGpu(view: YamlView, container: Node): boolean {
  const image = view.text(container, 'image');
  return isGpuExporterImage(image) || onlyListsDevices(view, container) || isPausePlaceholder(imageRepository(image ?? '')) || sleepsOnPlainOs(view, container);
}

/**
 * The container needs a large `/dev/shm`: a GPU workload or an ML command (not one only a cluster client reads), but
 * not one that idles on its GPU (idlesOnGpu, or with its pod a dual-pod requester) or JAX on TPUs (MLK405, MLK406).
 * With its pod, a KAI Scheduler share of a GPU counts as a GPU.
 */
export function needsShm(ctx: KubernetesContext, obj: KubeObject, c: ContainerRef, pod?: PodSpecRef): boolean {
  return (
    c.kind === 'containers' &&
    (isGpuContainer(obj.view, c, ctx.cluster, pod) || runsMlCommand(obj.view, c.node)) &&
    !idlesOnGpu(obj.view, c.node) &&
    !(pod !== undefined && isDualPodRequester(obj.view, pod, c)) &&
    !jaxOnTpu(ctx, obj, c)
  );
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

/** KServe's own LLM runtimes: each mounts a memory-backed emptyDir at `/dev/shm` in its containers (config/runtimes). */
const kserveShmRuntimes = new Set(['kserve-huggingfaceserver', 'kserve-huggingfaceserver-multinode', 'kserve-vllmserver', 'kserve-vllmserver-multinode']);

/**
 * An InferenceService model whose pod gets a `/dev/shm` from its runtime: the runtime of this file it names, merged
 * with the model (runtimePodMountsShm); else one of KServe's own LLM runtimes, or a runtime of the other files the
 * caller read (`shared`) that mounts one: `huggingface:` or a `model:` of format huggingface (auto-selected, or naming
 * one of them), or a `model:` naming one of them. Another runtime is unknown here, so it is not assumed.
 */
function kserveRuntimeMountsShm(obj: KubeObject, pod: PodSpecRef, c: ContainerRef, shared: ReadonlySet<string> | undefined): boolean {
  if (apiGroupOf(obj.apiVersion) !== 'serving.kserve.io' || obj.kind !== 'InferenceService') {
    return false;
  }
  const view = obj.view;
  const shorthand = c.node === view.get(pod.spec, 'huggingface');
  if (!shorthand && c.node !== view.get(pod.spec, 'model')) {
    return false;
  }
  const runtime = view.text(c.node, 'runtime');
  if (runtime !== undefined) {
    const inFile = fileServingRuntime({ obj, pod, c });
    return inFile ? runtimePodMountsShm({ obj, pod, c }, inFile) : kserveShmRuntimes.has(runtime) || shared?.has(runtime) === true;
  }
  return shorthand || view.text(view.get(c.node, 'modelFormat'), 'name')?.toLowerCase() === 'huggingface';
}

/** Model formats whose KServe runtimes serve from one process without shared memory: no DataLoader workers, no NCCL. */
const formatsWithoutShm = new Set(['sklearn', 'xgboost', 'lightgbm', 'pmml', 'onnx', 'tensorflow']);

/**
 * An InferenceService model of such a format: the `sklearn:`-style shorthand, or a `model:` whose modelFormat names
 * one (RF-DETR as ONNX on onnxruntime-migraphx). Triton, PyTorch and the LLM formats are not among them (Triton's
 * Python backend talks to its stubs through /dev/shm).
 */
export function servesFormatWithoutShm(obj: KubeObject, pod: PodSpecRef, c: ContainerRef): boolean {
  if (apiGroupOf(obj.apiVersion) !== 'serving.kserve.io' || obj.kind !== 'InferenceService') {
    return false;
  }
  const view = obj.view;
  for (const format of formatsWithoutShm) {
    if (c.node === view.get(pod.spec, format)) {
      return true;
    }
  }
  if (c.node !== view.get(pod.spec, 'model')) {
    return false;
  }
  return formatsWithoutShm.has(view.text(view.get(c.node, 'modelFormat'), 'name')?.toLowerCase() ?? '');
}

/**
 * The container mounts a memory-backed emptyDir, or the node's /dev/shm, at `/dev/shm` (or its operator mounts one;
 * `sharedRuntimes`: ServingRuntimes of other files that mount one).
 */
export function hasShmMount(obj: KubeObject, pod: PodSpecRef, c: ContainerRef, sharedRuntimes?: ReadonlySet<string>): boolean {
  if (kubeRayMountsShm(obj, pod, c) || kserveRuntimeMountsShm(obj, pod, c, sharedRuntimes)) {
    return true;
  }
  const view = obj.view;
  // The node's own /dev/shm mounted in (MLK112 reports that) is no 64 MB default either.
  const shmVolumes = new Set(volumes(view, pod).filter((v) => isMemoryEmptyDir(view, v.node) || isHostShm(view, v.node)).map((v) => v.name));
  return mounts(view, c.node).some((m) => shmVolumes.has(m.name) && (m.mountPath ?? '').replace(/\/+$/, '') === '/dev/shm');
}

const gibibyte = 2 ** 30;
const mebibyte = 2 ** 20;

/**
 * The sizeLimit a fix gives a memory-backed /dev/shm: 16Gi, or half the pod's memory limit when 16Gi would reach it
 * (MLK408: a full /dev/shm would then OOM-kill the pod).
 */
export function shmSizeLimit(view: YamlView, pod: PodSpecRef): string {
  const limit = podMemoryLimit(view, pod);
  if (limit === undefined || limit <= 0 || limit > 16 * gibibyte) {
    return '16Gi';
  }
  const half = limit / 2;
  return Number.isInteger(half / gibibyte) ? `${half / gibibyte}Gi` : `${Math.max(1, Math.floor(half / mebibyte))}Mi`;
}

/**
 * The container of `users` (those that mount a memory volume) that MLK408 reports: the first without a memory limit,
 * whose tmpfs pages then count against nothing. None where an operator sets one of their resources.
 */
export function mountsWithoutMemoryLimit(obj: KubeObject, users: readonly ContainerRef[]): ContainerRef | undefined {
  if (users.some((c) => resourcesSetAtRunTime(obj, c))) {
    return undefined;
  }
  // A limit the linter cannot read (Argo's "{{inputs.parameters.memory}}") is still a limit.
  return users.find((c) => obj.view.at(c.node, ['resources', 'limits', 'memory']) === undefined);
}

/** The pod's containers that mount the volume named `volume`. */
export function containersMounting(view: YamlView, pod: PodSpecRef, volume: string): ContainerRef[] {
  return pod.containers.filter((c) => mounts(view, c.node).some((m) => m.name === volume));
}
