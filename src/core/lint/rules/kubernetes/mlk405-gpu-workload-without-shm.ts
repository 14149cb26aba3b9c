import type { KubernetesContext, KubernetesRule } from '../../kubernetes/rule';
import type { ContainerRef, KubeObject, PodSpecRef } from '../../kubernetes/model';
import type { RuleFinding, TextEdit } from '../../types';
import type { CollectiveLibrary } from '../../kubernetes/gpu';
import { acceleratorNoun, collectiveLibrary, commandWords, imageRepository, podClaimsDevices, podRequestsAccelerator } from '../../kubernetes/gpu';
import type { YamlView } from '../../yaml/access';
import type { Node } from 'yaml';
import { appContainers, containerLabel, containers, envEntries, finding, insertIntoMap, resourcesSetAtRunTime, volumes, wantsFixes } from './helpers';
import { hidesAllGpus, isGpuHostPath, mountsAmdKfd } from './legacy-gpu';
import { hasShmMount, needsShm, servesFormatWithoutShm, shmSizeLimit } from './shm';
import { containerTensorParallelServer, runsTraining, runsTritonServer } from './model-source';
import { isGpuSmokeTest, isMediaServer, namesImage, singleProcessServers } from '../../single-process-servers';
import { memoByString } from '../../string-memo';

/** Single-process model servers, media transcoders (Jellyfin, Plex: NVENC only) and GPU smoke tests leave /dev/shm alone. */
function leavesShmAlone(repository: string, allow: readonly string[]): boolean {
  return allow.some((name) => namesImage(repository, name)) || isMediaServer(repository) || isGpuSmokeTest(repository);
}

/**
 * TensorFlow Serving (`tensorflow/serving`, or a command running `tensorflow_model_server`, `…_neuron` on
 * Inferentia): one C++ process serving from its threads, like the tensorflow format KServe serves without /dev/shm.
 */
function runsTensorflowServing(view: YamlView, container: Node, repository: string): boolean {
  return /(?:^|\/)tensorflow\/serving$/.test(repository) || commandWords(view, container).some((w) => w.slice(w.lastIndexOf('/') + 1).startsWith('tensorflow_model_server'));
}

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
  if (ctx.patch === true || pod.specPatch === true || pod.containers.some((k) => resourcesSetAtRunTime(obj, k))) {
    return false;
  }
  return !podClaimsDevices(view, pod) && !reachesGpusAnotherWay(view, pod);
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
  return words.some((w, k) => w.slice(w.lastIndexOf('/') + 1) === 'ray' && words[k + 1] === 'start');
}

/**
 * What the 64 MB default breaks in a pod without accelerators (an ML command put it here: torchrun, vllm, ray start):
 * no NCCL runs (gloo talks over TCP), but DataLoader workers still pass batches through /dev/shm.
 */
function whatBreaksOnCpu(view: YamlView, container: Node): string {
  const server = containerTensorParallelServer(view, container);
  if (server !== undefined) {
    return `${server}'s tensor parallelism (its worker processes exchange data through /dev/shm)`;
  }
  if (startsRayNode(view, container)) {
    return "Ray's object store (Ray then falls back to /tmp, which slows every object transfer)";
  }
  return 'DataLoader workers (they pass batches through /dev/shm)';
}

/** The pod's collective library; RCCL for AMD GPUs reached through a /dev/kfd hostPath without a request (`requested`: the pod requests an accelerator). */
function podCollectives(ctx: KubernetesContext, view: YamlView, pod: PodSpecRef, requested: boolean): CollectiveLibrary | undefined {
  return !requested && mountsAmdKfd(view, pod) ? 'RCCL' : collectiveLibrary(view, [pod], ctx.cluster);
}

/**
 * What the 64 MB default breaks on GPUs: for vLLM, SGLang and TGI their tensor parallelism (vLLM's, SGLang's and TGI's
 * docs: NCCL's segments and PyTorch's shared tensors between the per-GPU workers); for training, DataLoader workers and
 * the collectives; elsewhere vLLM too, which a custom image may run.
 */
function whatBreaksOnGpu(ctx: KubernetesContext, obj: KubeObject, pod: PodSpecRef, c: ContainerRef, requested: boolean): string {
  const collectives = gpuCollectives(podCollectives(ctx, obj.view, pod, requested));
  const server = containerTensorParallelServer(obj.view, c.node);
  if (server !== undefined) {
    return `${server}'s tensor parallelism (${collectives} and PyTorch pass data between its per-GPU worker processes through /dev/shm)`;
  }
  if (runsTraining(obj, c)) {
    return `DataLoader workers and ${collectives}`;
  }
  return `DataLoader workers, ${collectives} and vLLM tensor parallelism`;
}

/**
 * What the 64 MB default breaks, by what runs (reporting path): Triton's Python-backend stubs and shared-memory
 * clients; without accelerators what an ML command runs; on TPUs PyTorch/XLA's one process per chip (JAX never
 * reaches here); on GPUs see whatBreaksOnGpu (NCCL is NVIDIA's, RCCL AMD's and oneCCL Intel's: Neuron and Gaudi run
 * their own).
 */
function whatBreaks(ctx: KubernetesContext, obj: KubeObject, pod: PodSpecRef, c: ContainerRef): string {
  if (runsTritonServer(obj, pod, c)) {
    return "Triton's Python-backend models (their stub processes exchange tensors with the server through /dev/shm) and its system shared-memory clients";
  }
  const requested = podRequestsAccelerator(obj.view, pod, ctx.cluster);
  if (!requested && showsNoAccelerator(ctx, obj, pod)) {
    return whatBreaksOnCpu(obj.view, c.node);
  }
  const noun = acceleratorNoun(obj.view, [pod], ctx.cluster);
  if (noun === 'GPU') {
    return whatBreaksOnGpu(ctx, obj, pod, c, requested);
  }
  return noun === 'TPU' ? 'DataLoader workers and PyTorch/XLA multiprocessing (one process per TPU chip)' : 'DataLoader workers and multi-process collectives';
}

/** leavesShmAlone with the default allow-list, decided once per image repository. */
const leavesShmAloneByDefault = memoByString((repository: string) => leavesShmAlone(repository, singleProcessServers));

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK405',
    name: 'gpu-workload-without-shm',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'A GPU or ML-command container has no memory-backed /dev/shm and the pod does not set hostIPC.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const option = ctx.settings.ruleOptions.MLK405?.allowImages;
    const allow = Array.isArray(option) ? option.filter((x): x is string => typeof x === 'string') : undefined;
    for (const { obj, pod, c } of containers(ctx, appContainers)) {
      const view = obj.view;
      if (!needsShm(ctx, obj, c) || view.bool(pod.spec, 'hostIPC') === true || hasShmMount(obj, pod, c, ctx.shmRuntimes) || servesFormatWithoutShm(obj, pod, c)) {
        continue;
      }
      const image = view.text(c.node, 'image');
      if (image !== undefined && (allow === undefined ? leavesShmAloneByDefault(imageRepository(image)) : leavesShmAlone(imageRepository(image), allow))) {
        continue;
      }
      if (runsTensorflowServing(view, c.node, imageRepository(image ?? ''))) {
        continue;
      }
      const edits: TextEdit[] = [];
      const name = 'dshm';
      let size = '';
      if (wantsFixes(ctx) && !view.seq(view.get(c.node, 'volumeMounts')) && !view.seq(view.get(pod.spec, 'volumes'))) {
        size = shmSizeLimit(view, pod);
        const m = insertIntoMap(view, c.node, `volumeMounts:\n  - name: ${name}\n    mountPath: /dev/shm`);
        const v = insertIntoMap(view, pod.spec, `volumes:\n  - name: ${name}\n    emptyDir:\n      medium: Memory\n      sizeLimit: ${size}`);
        if (m && v) {
          edits.push(m, v);
        }
      }
      const breaks = whatBreaks(ctx, obj, pod, c);
      // A KServe model's pod takes its volumes from the ServingRuntime it names, which another file may hold.
      const runtime = obj.kind === 'InferenceService' && c.node === view.get(pod.spec, 'model') ? view.text(c.node, 'runtime') : undefined;
      const message =
        runtime !== undefined
          ? `${containerLabel(c)} gets the default 64 MB /dev/shm unless its ServingRuntime "${runtime}" mounts one, which breaks ${breaks}; mount an emptyDir with medium: Memory and a sizeLimit at /dev/shm in that runtime.`
          : `${containerLabel(c)} gets the default 64 MB /dev/shm, which breaks ${breaks}; mount an emptyDir with medium: Memory and a sizeLimit at /dev/shm.`;
      out.push(
        finding(
          c.anchor,
          message,
          edits.length === 2 ? { title: `Mount a memory-backed /dev/shm (${size})`, edits } : undefined,
        ),
      );
    }
    return out;
  },
};
