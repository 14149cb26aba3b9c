import type { KubernetesContext } from '../../kubernetes/rule';
import type { ContainerRef, KubeObject, PodContainer } from '../../kubernetes/model';
import { commandWords, imageRepository } from '../../kubernetes/gpu';
import { containerGpus } from './kai-gpu-shares';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import type { TensorParallelServer } from '../../tensor-parallel-servers';
import { envEntries, resourcesSetAtRunTime } from './helpers';
import { runsOneWorker, serverParallelism } from '../../server-parallelism';
import { launcherRe, tensorflowImage, torchRe } from '../../tensorflow-workloads';

/** The container's image and command words match. */
function mentions(obj: KubeObject, c: ContainerRef, re: RegExp): boolean {
  return re.test(obj.view.text(c.node, 'image') ?? '') || commandWords(obj.view, c.node).some((w) => re.test(w));
}

/** The container runs TensorFlow, not PyTorch: a TFJob replica, or a TensorFlow image. For reporting paths and MLK405's exemption. */
export function runsTensorflow(obj: KubeObject, c: ContainerRef): boolean {
  const tfJob = obj.kind === 'TFJob' && apiGroupOf(obj.apiVersion) === 'kubeflow.org';
  return (tfJob || tensorflowImage(imageRepository(obj.view.text(c.node, 'image') ?? ''))) && !mentions(obj, c, torchRe);
}

/**
 * TensorFlow on one GPU (or none) needs no large /dev/shm: tf.data prefetches in threads of the one process (not
 * worker processes like PyTorch's DataLoader), and no NCCL runs between GPUs of the pod; a parameter-server or
 * multi-worker job talks gRPC between pods. With several GPUs MirroredStrategy all-reduces through NCCL, which may,
 * and so do Horovod's processes.
 */
export function tensorflowOnOneGpu(ctx: KubernetesContext, container: PodContainer): boolean {
  const { obj, c } = container;
  return containerGpus(ctx, container) <= 1 && !gpusUnknown(obj, c) && runsTensorflow(obj, c) && !mentions(obj, c, launcherRe);
}

/** The container's GPUs are counted elsewhere: a DRA claim whose template is in another file, or an operator's resources. */
export function gpusUnknown(obj: KubeObject, c: ContainerRef): boolean {
  return (c.draGpus === undefined && obj.view.list(obj.view.at(c.node, ['resources', 'claims'])).length > 0) || resourcesSetAtRunTime(obj, c);
}

/** The command words and (for TGI) variables a server (`server`, run by `runs` on `on`) reads; undefined where a ConfigMap may hold TGI's. */
function serverArguments(server: TensorParallelServer, on: PodContainer, runs: PodContainer): { words: readonly string[]; env: readonly { name: string; value?: string }[] } | undefined {
  const parts = runs === on ? [on] : [runs, on];
  // TGI reads its sizes from variables too, which a ConfigMap may hold.
  if (server === 'TGI' && parts.some((p) => p.obj.view.get(p.c.node, 'envFrom') !== undefined)) {
    return undefined;
  }
  // One container (most): its shared command words, read only.
  const words = runs === on ? commandWords(on.obj.view, on.c.node) : parts.flatMap((p) => commandWords(p.obj.view, p.c.node));
  return { words, env: server === 'TGI' ? parts.flatMap((p) => envEntries(p.obj.view, p.c.node)) : [] };
}

/**
 * A vLLM, SGLang or TGI server (`server`, run by `runs`) that keeps its model on the one GPU of `on`: one worker
 * process, so neither NCCL nor vLLM's shared-memory message queue between workers runs, and /dev/shm is left alone
 * (vLLM's and TGI's docs ask for it for tensor parallelism; SGLang's maintainers for NCCL with --tp). Its sizes must
 * read as 1 (vLLM and SGLang default to 1; TGI to a shard per visible GPU, here one). A KAI Scheduler share of one GPU
 * is one GPU here.
 */
export function serverOnOneGpu(ctx: KubernetesContext, server: TensorParallelServer, on: PodContainer, runs: PodContainer): boolean {
  if (containerGpus(ctx, on) !== 1) {
    return false;
  }
  const read = serverArguments(server, on, runs);
  return read !== undefined && serverParallelism(server, read.words, read.env) === 1;
}

/** KServe's runtime kinds: the InferenceServices that select one add their own arguments (`--tensor-parallel-size`) to its container's. */
const runtimeKinds = new Set(['ServingRuntime', 'ClusterServingRuntime']);

/**
 * The pod holds the whole server as written: not one of a group whose leader sets the layout (a LeaderWorkerSet, KServe's
 * multi-node workerSpec, a Ray cluster), nor a pod an operator assembles or patches (it may add flags). As MLK425 and
 * MLK428 read it (server-gpu-mismatches.ts).
 */
function holdsWholeServer({ obj, pod }: PodContainer): boolean {
  const view = obj.view;
  if (pod.assembled !== undefined || pod.specPatch === true || view.get(pod.spec, 'workerSpec') !== undefined) {
    return false;
  }
  const group = apiGroupOf(obj.apiVersion);
  return ['pod', 'controller', 'daemon', 'job', 'cronjob'].includes(obj.workload) || group === 'serving.kserve.io' || (obj.kind === 'Service' && group === 'serving.knative.dev');
}

/**
 * The server runs one worker process whatever GPUs it is given: its pod holds the whole server, every parallel size
 * reads 1 (vLLM's and SGLang's default; TGI's only when written, else it shards over every GPU it sees) and no executor
 * but vLLM's in-process `uni` (the one vLLM picks for one worker) is named. Its API server talks to that worker over ZMQ
 * sockets in the temporary directory, not /dev/shm.
 */
export function serverRunsOneWorker(server: TensorParallelServer, on: PodContainer, runs: PodContainer): boolean {
  if ((runs === on && runtimeKinds.has(on.obj.kind ?? '')) || !holdsWholeServer(on) || (runs !== on && !holdsWholeServer(runs))) {
    return false;
  }
  const read = serverArguments(server, on, runs);
  return read !== undefined && runsOneWorker(server, read.words, read.env);
}
