import type { KubernetesContext } from '../../kubernetes/rule';
import type { KubeObject, PodContainer, PodSpecRef } from '../../kubernetes/model';
import type { CollectiveLibrary } from '../../kubernetes/gpu';
import { acceleratorNoun, collectiveLibrary, commandWords, isDistributedLauncher, podClaimsDevices, podRequestsAccelerator } from '../../kubernetes/gpu';
import { trainingReplicaKeys } from '../../kubernetes/model';
import { launcherRe } from '../../tensorflow-workloads';
import type { TensorParallelServer } from '../../tensor-parallel-servers';
import type { YamlView } from '../../yaml/access';
import type { Node } from 'yaml';
import { envEntries, resourcesSetAtRunTime, volumes } from './helpers';
import { hidesAllGpus, isGpuHostPath, mountsAmdKfd } from './legacy-gpu';
import { containerTensorParallelServer, runsTraining, runsTritonServer } from './model-source';
import { gpusUnknown, runsTensorflow, serverRunsOneWorker } from './shm-free-workloads';
import { containerGpus, onOneKaiShare } from './kai-gpu-shares';
import { trainJobRequestsAccelerator, trainJobsOf } from './training-runtimes';
import { dataLoaderWorkersWritten } from './dataloader-workers';
import { afterLastSlash } from '../../after-last-slash';

/** A GPU pod's collective library as MLK405 names it: NCCL, RCCL or oneCCL, else `the collective library` (vendors mixed, or a cluster's own resource). */
function gpuCollectives(library: CollectiveLibrary | undefined): string {
  return library === 'NCCL' || library === 'RCCL' || library === 'oneCCL' ? library : 'the collective library';
}

/**
 * A pod that requests no accelerator shows none: none claimed, and none may come from elsewhere (a base this patch
 * file changes, a pod spec patch, or the object that uses this template: a KServe runtime's InferenceService...).
 */
function showsNoAccelerator(ctx: KubernetesContext, obj: KubeObject, pod: PodSpecRef): boolean {
  const view = obj.view;
  if (ctx.patch === true || pod.specPatch === true || (pod.containers.some((k) => resourcesSetAtRunTime(obj, k)) && !trainJobsShowNoAccelerator(ctx, obj))) {
    return false;
  }
  return !podClaimsDevices(view, pod) && !reachesGpusAnotherWay(view, pod);
}

/** A Trainer runtime whose TrainJobs are all in its file, none with an accelerator in its resourcesPerNode. */
function trainJobsShowNoAccelerator(ctx: KubernetesContext, runtime: KubeObject): boolean {
  const jobs = trainJobsOf(runtime);
  return jobs !== undefined && !jobs.some((job) => trainJobRequestsAccelerator(job, ctx.cluster));
}

/** GPUs reached without a request (MLK418's legacy access): device or driver hostPaths, or NVIDIA_VISIBLE_DEVICES naming some. */
function reachesGpusAnotherWay(view: YamlView, pod: PodSpecRef): boolean {
  if (volumes(view, pod).some((v) => isGpuHostPath(view.str(view.at(v.node, ['hostPath', 'path'])) ?? ''))) {
    return true;
  }
  return pod.containers.some((k) => envEntries(view, k.node).some((e) => e.name === 'NVIDIA_VISIBLE_DEVICES' && !hidesAllGpus(e.value)));
}

/** The command starts a Ray node (`ray start`): its object store lives in /dev/shm. */
function startsRayNode(view: YamlView, container: Node): boolean {
  const words = commandWords(view, container);
  return words.some((w, k) => afterLastSlash(w) === 'ray' && words[k + 1] === 'start');
}

/**
 * The vLLM, SGLang or TGI server of the pod: the container's own, else (a KServe model) its runtime's, whose command
 * and image the model keeps unless it sets its own.
 */
export function serverOf(on: PodContainer, runs: PodContainer): TensorParallelServer | undefined {
  return containerTensorParallelServer(on.obj.view, on.c.node) ?? (runs === on ? undefined : containerTensorParallelServer(runs.obj.view, runs.c.node));
}

/** The server of the pod whose parallel sizes may start several worker processes: not one that reads as one worker (serverRunsOneWorker). */
function parallelServerOf(on: PodContainer, runs: PodContainer): TensorParallelServer | undefined {
  const server = serverOf(on, runs);
  return server !== undefined && !serverRunsOneWorker(server, on, runs) ? server : undefined;
}

const dataLoaderWorkers = 'DataLoader workers (they pass batches through /dev/shm)';

/**
 * The program may start DataLoader workers: its command line (a KServe model's and its runtime's together) does not set
 * them to 0 (`--workers=0`, `--num_workers 0`), with which the main process loads every batch and none pass through /dev/shm.
 */
function mayStartDataLoaderWorkers(on: PodContainer, runs: PodContainer): boolean {
  const words = runs === on ? commandWords(on.obj.view, on.c.node) : [...commandWords(runs.obj.view, runs.c.node), ...commandWords(on.obj.view, on.c.node)];
  return dataLoaderWorkersWritten(words) !== 0;
}

/**
 * What the 64 MB default breaks where no collective runs between GPUs: in a pod without accelerators (an ML command put
 * it here: torchrun, vllm, ray start; gloo talks over TCP), on a KAI Scheduler share of one GPU, on one GPU, or under a
 * server with one worker. DataLoader workers still pass batches through /dev/shm; with none (`loaders` false) nothing
 * known breaks.
 */
function whatBreaksWithoutCollectives(server: TensorParallelServer | undefined, runs: PodContainer, loaders: boolean): string | undefined {
  if (server !== undefined) {
    return `${server}'s tensor parallelism (its worker processes exchange data through /dev/shm)`;
  }
  if (startsRayNode(runs.obj.view, runs.c.node)) {
    return "Ray's object store (Ray then falls back to /tmp, which slows every object transfer)";
  }
  return loaders ? dataLoaderWorkers : undefined;
}

/** The pod's collective library; RCCL for AMD GPUs reached through a /dev/kfd hostPath without a request (`requested`: the pod requests an accelerator). */
function podCollectives(ctx: KubernetesContext, view: YamlView, pod: PodSpecRef, requested: boolean): CollectiveLibrary | undefined {
  return !requested && mountsAmdKfd(view, pod) ? 'RCCL' : collectiveLibrary(view, [pod], ctx.cluster);
}

/**
 * The GPUs of the pod's containers together; undefined where the count is not read here: GPUs reached without a
 * request, a DRA claim or resources set elsewhere (gpusUnknown), or a request without a limit.
 */
function podGpus(ctx: KubernetesContext, on: PodContainer, requested: boolean): number | undefined {
  if (!requested) {
    return undefined;
  }
  let total = 0;
  for (const c of on.pod.containers) {
    if (gpusUnknown(on.obj, c)) {
      return undefined;
    }
    total += containerGpus(ctx, { obj: on.obj, pod: on.pod, c });
  }
  return total > 0 ? total : undefined;
}

/**
 * The pod is one of several replicas of a training kind (a Katib trial's too), whose ranks run collectives: more than
 * one replica spec (Master and Worker, Launcher and Worker) or `replicas` other than 1 (the training operators default it
 * to 1). Kinds whose replicas are not read here (JobSet, Volcano, RayJob, Trainer runtimes) count as several.
 */
function runsSeveralReplicas(on: PodContainer): boolean {
  const job = on.obj.embedded ?? on.obj;
  if (job.workload !== 'training') {
    return false;
  }
  if (!Object.hasOwn(trainingReplicaKeys, job.kind ?? '')) {
    return true;
  }
  const view = on.obj.view;
  const replicas = view.scalar(view.at(on.obj.root, [...on.pod.path.slice(0, -2), 'replicas']))?.value;
  return on.obj.podSpecs.length > 1 || (replicas !== undefined && replicas !== 1);
}

/**
 * A collective library may run between the pod's GPUs or ranks: more than one GPU (or a count not read here), several
 * replicas of a training kind, or a launcher starting ranks (torchrun, DeepSpeed, Accelerate, mpirun, Horovod).
 */
function runsCollectives(ctx: KubernetesContext, on: PodContainer, runs: PodContainer, requested: boolean): boolean {
  const gpus = podGpus(ctx, on, requested);
  if (gpus === undefined || gpus > 1 || runsSeveralReplicas(on)) {
    return true;
  }
  const words = commandWords(runs.obj.view, runs.c.node);
  return isDistributedLauncher(words) || words.some((w) => launcherRe.test(w));
}

/** The container trains (runsTraining), or is a Katib trial, which trains the model its Experiment tunes whatever kind runs it. */
export function trains(runs: PodContainer): boolean {
  const { obj, c } = runs;
  return runsTraining(obj, c) || (obj.embedded !== undefined && (obj.kind === 'Experiment' || obj.kind === 'Trial'));
}

/**
 * What the 64 MB default breaks on GPUs: for vLLM, SGLang and TGI with several workers their tensor parallelism (vLLM's,
 * SGLang's and TGI's docs: NCCL's segments and PyTorch's shared tensors between the per-GPU workers); elsewhere
 * DataLoader workers (unless `loaders` is false), and the collectives only where they may run (runsCollectives), never
 * under a server with one worker. What else a program that does not train runs is unknown.
 */
function whatBreaksOnGpu(ctx: KubernetesContext, on: PodContainer, runs: PodContainer, server: TensorParallelServer | undefined, requested: boolean, loaders: boolean): string | undefined {
  const collectives = gpuCollectives(podCollectives(ctx, on.obj.view, on.pod, requested));
  const oneWorker = server !== undefined && serverRunsOneWorker(server, on, runs);
  if (server !== undefined && !oneWorker) {
    return `${server}'s tensor parallelism (${collectives} and PyTorch pass data between its per-GPU worker processes through /dev/shm)`;
  }
  if (runsTensorflow(runs.obj, runs.c)) {
    return `${collectives}'s all-reduce (TensorFlow's MirroredStrategy and Horovod run it between GPUs, and ${collectives} keeps shared-memory segments in /dev/shm)`;
  }
  const training = trains(runs);
  if (oneWorker || !runsCollectives(ctx, on, runs, requested)) {
    const alone = whatBreaksWithoutCollectives(undefined, runs, loaders);
    return training || alone !== dataLoaderWorkers ? alone : `${alone} and other multi-process work`;
  }
  if (!loaders) {
    const segments = `${collectives} (it keeps shared-memory segments in /dev/shm)`;
    return training ? segments : `${segments} and other multi-process work`;
  }
  return training ? `DataLoader workers and ${collectives}` : `DataLoader workers, ${collectives} and other multi-process work`;
}

/**
 * What the 64 MB default breaks, by what runs (reporting path): Triton's Python-backend stubs and shared-memory
 * clients; without accelerators, or on a KAI share of one GPU, what the command runs; on TPUs PyTorch/XLA's one process per chip (JAX never
 * reaches here); on GPUs see whatBreaksOnGpu (NCCL is NVIDIA's, RCCL AMD's and oneCCL Intel's: Neuron and Gaudi run
 * their own, and a tensor-parallel server's workers still share /dev/shm there). DataLoader workers only where the
 * command line does not set them to 0; undefined where nothing known is left to break.
 *
 * `on` holds the accelerators; `runs` the program, when another object gives it: the KServe ServingRuntime whose
 * container the controller merges an InferenceService's model into.
 */
export function whatBreaks(ctx: KubernetesContext, on: PodContainer, runs: PodContainer = on): string | undefined {
  if (runsTritonServer(runs.obj, runs.pod, runs.c) || (runs !== on && runsTritonServer(on.obj, on.pod, on.c))) {
    return "Triton's Python-backend models (their stub processes exchange tensors with the server through /dev/shm) and its system shared-memory clients";
  }
  const server = serverOf(on, runs);
  const requested = podRequestsAccelerator(on.obj.view, on.pod, ctx.cluster);
  const loaders = mayStartDataLoaderWorkers(on, runs);
  if ((!requested && showsNoAccelerator(ctx, on.obj, on.pod)) || onOneKaiShare(ctx, on)) {
    return whatBreaksWithoutCollectives(parallelServerOf(on, runs), runs, loaders);
  }
  const noun = acceleratorNoun(on.obj.view, [on.pod], ctx.cluster);
  if (noun === 'GPU') {
    return whatBreaksOnGpu(ctx, on, runs, server, requested, loaders);
  }
  const withLoaders = (rest: string): string => (loaders ? `DataLoader workers and ${rest}` : rest);
  if (noun === 'TPU') {
    return withLoaders('PyTorch/XLA multiprocessing (one process per TPU chip)');
  }
  if (server === undefined) {
    return withLoaders('multi-process collectives');
  }
  const parallel = parallelServerOf(on, runs);
  if (parallel !== undefined) {
    return `${parallel}'s tensor parallelism (its worker processes exchange data through /dev/shm)`;
  }
  return loaders ? `${dataLoaderWorkers} and other multi-process work` : undefined;
}
