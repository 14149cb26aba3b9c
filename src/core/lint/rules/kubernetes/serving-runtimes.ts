import type { Node } from 'yaml';
import { documentObject } from '../../kubernetes/document-object';
import type { ContainerRef, KubeObject, PodContainer, PodSpecRef } from '../../kubernetes/model';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import { YamlView } from '../../yaml/access';
import type { YamlFile } from '../../yaml/parse';
import { isMemoryEmptyDir, mounts, volumes } from './helpers';

/** Whether a file may hold KServe ServingRuntimes or ClusterServingRuntimes (before it is parsed). */
export function mayDeclareServingRuntimes(text: string): boolean {
  return text.includes('ServingRuntime') && text.includes('serving.kserve.io');
}

/** Whether a file may hold an InferenceService that names its runtime (`runtime:`), which another file may declare. */
export function mayNameServingRuntime(text: string): boolean {
  return text.includes('InferenceService') && text.includes('runtime:');
}

/** A hostPath volume of the node's /dev/shm. */
export function isHostShm(view: YamlView, volume: Node): boolean {
  return (view.text(view.get(volume, 'hostPath'), 'path') ?? '').replace(/\/+$/, '') === '/dev/shm';
}

/** Whether a pod spec mounts a memory-backed emptyDir, or the node's /dev/shm, at `/dev/shm` in the container. */
function mountsShm(view: YamlView, podSpec: unknown, container: Node): boolean {
  const shmVolumes = new Set(
    view
      .list(view.get(podSpec, 'volumes'))
      .filter((v) => isMemoryEmptyDir(view, v) || isHostShm(view, v))
      .flatMap((v) => view.text(v, 'name') ?? []),
  );
  return mounts(view, container).some((m) => shmVolumes.has(m.name) && (m.mountPath ?? '').replace(/\/+$/, '') === '/dev/shm');
}

const kept = Symbol('shmServingRuntimes');
type FileWithShmRuntimes = YamlFile & { [kept]?: ReadonlySet<string> };

/**
 * The ServingRuntimes and ClusterServingRuntimes of the file whose first container mounts a memory-backed `/dev/shm`
 * (OpenShift AI's vLLM runtimes do): the controller merges that volume into the pods of the InferenceServices that
 * name them. Read once per file.
 */
export function shmServingRuntimes(file: YamlFile): ReadonlySet<string> {
  const known = (file as FileWithShmRuntimes)[kept];
  if (known !== undefined) {
    return known;
  }
  const names = new Set<string>();
  for (const document of mayDeclareServingRuntimes(file.text) ? file.documents : []) {
    if (document.skipped !== undefined) {
      continue;
    }
    const view = new YamlView(file, document);
    const root = view.root;
    const kind = view.text(root, 'kind');
    const name = view.text(view.get(root, 'metadata'), 'name');
    const spec = view.get(root, 'spec');
    const first = view.list(view.get(spec, 'containers'))[0];
    if (apiGroupOf(view.text(root, 'apiVersion')) === 'serving.kserve.io' && (kind === 'ServingRuntime' || kind === 'ClusterServingRuntime') && name !== undefined && first !== undefined && mountsShm(view, spec, first)) {
      names.add(name);
    }
  }
  (file as FileWithShmRuntimes)[kept] = names;
  return names;
}

/** A KServe ServingRuntime or ClusterServingRuntime. */
function isServingRuntime(obj: KubeObject): boolean {
  return (obj.kind === 'ServingRuntime' || obj.kind === 'ClusterServingRuntime') && apiGroupOf(obj.apiVersion) === 'serving.kserve.io';
}

/** The runtime container KServe merges an InferenceService's model into: `kserve-container` (older releases: the first). */
export function modelContainerOf(pod: PodSpecRef): ContainerRef | undefined {
  const app = pod.containers.filter((k) => k.kind === 'containers');
  return app.find((k) => k.name === 'kserve-container') ?? app[0];
}

/** The runtime's own pod (`spec`), with the container the model merges into. */
function runtimePod(obj: KubeObject): PodContainer | undefined {
  const pod = obj.podSpecs.find((p) => p.role === 'runtime');
  const c = pod && modelContainerOf(pod);
  return pod && c ? { obj, pod, c } : undefined;
}

/** The runtime (`runtime:`) an InferenceService's predictor `model:` names; undefined for any other container. */
function namedRuntime(model: PodContainer): string | undefined {
  const { obj, pod, c } = model;
  if (obj.kind !== 'InferenceService' || pod.role !== 'predictor' || apiGroupOf(obj.apiVersion) !== 'serving.kserve.io' || c.node !== obj.view.get(pod.spec, 'model')) {
    return undefined;
  }
  return obj.view.text(c.node, 'runtime');
}

const runtimesKept = Symbol('servingRuntimePods');
const usersKept = Symbol('servingRuntimeUsers');
type FileWithRuntimePods = YamlFile & { [runtimesKept]?: readonly PodContainer[]; [usersKept]?: ReadonlyMap<KubeObject, readonly PodContainer[]> };

/** The file's ServingRuntimes and ClusterServingRuntimes, each with its pod and model container. Read once per file. */
function runtimePods(file: YamlFile): readonly PodContainer[] {
  const kept = file as FileWithRuntimePods;
  if (kept[runtimesKept] !== undefined) {
    return kept[runtimesKept];
  }
  const found: PodContainer[] = [];
  for (const document of mayDeclareServingRuntimes(file.text) ? file.documents : []) {
    const obj = document.skipped === undefined ? documentObject(file, document) : undefined;
    const pod = obj && isServingRuntime(obj) ? runtimePod(obj) : undefined;
    if (pod) {
      found.push(pod);
    }
  }
  kept[runtimesKept] = found;
  return found;
}

/**
 * The runtime KServe gives the model among `runtimes`: a ServingRuntime of the model's namespace first, then a
 * ClusterServingRuntime (GetServingRuntime in KServe's controller utils).
 */
function resolve(model: PodContainer, name: string, runtimes: readonly PodContainer[]): PodContainer | undefined {
  const named = runtimes.filter((r) => r.obj.name === name);
  const namespace = model.obj.namespace;
  return (
    named.find((r) => r.obj.kind === 'ServingRuntime' && (r.obj.namespace === undefined || namespace === undefined || r.obj.namespace === namespace)) ??
    named.find((r) => r.obj.kind === 'ClusterServingRuntime')
  );
}

/** The ServingRuntime or ClusterServingRuntime of the model's own file that its InferenceService names (`runtime:`). */
export function fileServingRuntime(model: PodContainer): PodContainer | undefined {
  const name = namedRuntime(model);
  return name === undefined ? undefined : resolve(model, name, runtimePods(model.obj.view.file));
}

/** The file's InferenceService models, by the runtime of the file each names. Read once per file. */
function usersByRuntime(file: YamlFile): ReadonlyMap<KubeObject, readonly PodContainer[]> {
  const kept = file as FileWithRuntimePods;
  if (kept[usersKept] !== undefined) {
    return kept[usersKept];
  }
  const users = new Map<KubeObject, PodContainer[]>();
  const runtimes = runtimePods(file);
  for (const document of runtimes.length > 0 && mayNameServingRuntime(file.text) ? file.documents : []) {
    const obj = document.skipped === undefined ? documentObject(file, document) : undefined;
    for (const pod of obj?.kind === 'InferenceService' ? obj.podSpecs : []) {
      for (const c of pod.containers) {
        const model = { obj: obj as KubeObject, pod, c };
        const name = namedRuntime(model);
        const runtime = name === undefined ? undefined : resolve(model, name, runtimes);
        const list = runtime ? users.get(runtime.obj) : undefined;
        if (list) {
          list.push(model);
        } else if (runtime) {
          users.set(runtime.obj, [model]);
        }
      }
    }
  }
  kept[usersKept] = users;
  return users;
}

/** The InferenceService models of the runtime's file that KServe serves with it (their `runtime:` names it). */
export function inferenceServicesOf(runtime: KubeObject): readonly PodContainer[] {
  return isServingRuntime(runtime) ? (usersByRuntime(runtime.view.file).get(runtime) ?? []) : [];
}

/** A memory-backed emptyDir, or the node's /dev/shm. */
function isShmVolume(view: YamlView, volume: Node): boolean {
  return isMemoryEmptyDir(view, volume) || isHostShm(view, volume);
}

/**
 * The pod KServe builds from the model and its runtime mounts a memory-backed /dev/shm: the predictor's volumes
 * join the runtime's by name, the model's volumeMounts the runtime container's by mountPath (a strategic merge
 * patch: MergePodSpec and MergeRuntimeContainers in KServe's controller utils), so either object may hold either half.
 */
export function runtimePodMountsShm(model: PodContainer, runtime: PodContainer): boolean {
  const shmByVolume = new Map<string, boolean>();
  for (const { obj, pod } of [runtime, model]) {
    for (const v of volumes(obj.view, pod)) {
      shmByVolume.set(v.name, isShmVolume(obj.view, v.node));
    }
  }
  let shmVolume: string | undefined;
  for (const { obj, c } of [runtime, model]) {
    for (const m of mounts(obj.view, c.node)) {
      if ((m.mountPath ?? '').replace(/\/+$/, '') === '/dev/shm') {
        shmVolume = m.name;
      }
    }
  }
  return shmVolume !== undefined && shmByVolume.get(shmVolume) === true;
}

/** One object's half of a pod KServe builds from an InferenceService's predictor and the ServingRuntime it names. */
export interface ServingPodHalf {
  obj: KubeObject;
  pod: PodSpecRef;
}

const noHalves: readonly ServingPodHalf[] = [];

/**
 * The other halves of the pods KServe builds with this pod (runtimePodMountsShm): for a predictor whose model names a
 * runtime of the file, that runtime's pod; for such a runtime, the predictors of the file that name it. None otherwise.
 */
export function servingPodPartners(obj: KubeObject, pod: PodSpecRef): readonly ServingPodHalf[] {
  if (obj.kind === 'InferenceService' && pod.role === 'predictor') {
    const model = pod.containers.find((c) => c.node === obj.view.get(pod.spec, 'model'));
    const runtime = model ? fileServingRuntime({ obj, pod, c: model }) : undefined;
    return runtime ? [{ obj: runtime.obj, pod: runtime.pod }] : noHalves;
  }
  if (pod.role !== 'runtime') {
    return noHalves;
  }
  return inferenceServicesOf(obj).map((m) => ({ obj: m.obj, pod: m.pod }));
}
