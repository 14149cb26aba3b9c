import type { KubernetesContext, KubernetesRule } from '../../kubernetes/rule';
import type { PodContainer } from '../../kubernetes/model';
import type { Fix, RuleFinding } from '../../types';
import { commandWords, imageRepository, podRequestsAccelerator } from '../../kubernetes/gpu';
import type { YamlView } from '../../yaml/access';
import type { Node } from 'yaml';
import { appContainers, containerLabel, containers, finding, insertIntoMap, podMemoryLimit, wantsFixes } from './helpers';
import { hasShmMount, needsShm, servesFormatWithoutShm, shmSizeLimit } from './shm';
import { fileServingRuntime, inferenceServicesOf, modelContainerOf, runtimePodMountsShm } from './serving-runtimes';
import { serverOf, whatBreaks } from './shm-reasons';
import { serverOnOneGpu, tensorflowOnOneGpu } from './shm-free-workloads';
import { isGpuSmokeTest, isMediaServer, namesImage, singleProcessServers } from '../../single-process-servers';
import { memoByString } from '../../string-memo';
import { unnamedOneWorkerServer } from './unnamed-llm-server';
import { afterLastSlash } from '../../after-last-slash';

/** Single-process model servers, media transcoders (Jellyfin, Plex: NVENC only) and GPU smoke tests leave /dev/shm alone. */
function leavesShmAlone(repository: string, allow: readonly string[]): boolean {
  return allow.some((name) => namesImage(repository, name)) || isMediaServer(repository) || isGpuSmokeTest(repository);
}

/**
 * TensorFlow Serving (`tensorflow/serving`, or a command running `tensorflow_model_server`, `…_neuron` on
 * Inferentia): one C++ process serving from its threads, like the tensorflow format KServe serves without /dev/shm.
 */
function runsTensorflowServing(view: YamlView, container: Node, repository: string): boolean {
  return /(?:^|\/)tensorflow\/serving$/.test(repository) || commandWords(view, container).some((w) => afterLastSlash(w).startsWith('tensorflow_model_server'));
}

/** leavesShmAlone with the default allow-list, decided once per image repository. */
const leavesShmAloneByDefault = memoByString((repository: string) => leavesShmAlone(repository, singleProcessServers));

/** The image leaves /dev/shm alone, or runs TensorFlow Serving (as the container's command may). `allow`: the configured allow-list. */
function servesWithoutShm(view: YamlView, container: Node, image: string | undefined, allow: readonly string[] | undefined): boolean {
  const repository = imageRepository(image ?? '');
  if (image !== undefined && (allow === undefined ? leavesShmAloneByDefault(repository) : leavesShmAlone(repository, allow))) {
    return true;
  }
  return runsTensorflowServing(view, container, repository);
}

/** The container needs a memory-backed /dev/shm that its pod does not give it. */
function lacksShm(ctx: KubernetesContext, container: PodContainer, allow: readonly string[] | undefined): boolean {
  const { obj, pod, c } = container;
  const view = obj.view;
  if (!needsShm(ctx, obj, c, pod) || view.bool(pod.spec, 'hostIPC') === true || hasShmMount(obj, pod, c, ctx.shmRuntimes) || servesFormatWithoutShm(obj, pod, c)) {
    return false;
  }
  return !servesWithoutShm(view, c.node, view.text(c.node, 'image'), allow) && !leavesShmAloneOnOneGpu(ctx, container, container);
}

/**
 * What runs on one GPU leaves /dev/shm alone: TensorFlow, or an LLM server with one worker, named or read from its
 * arguments (`runs`: its program, `on`: its GPUs).
 */
function leavesShmAloneOnOneGpu(ctx: KubernetesContext, on: PodContainer, runs: PodContainer): boolean {
  if (tensorflowOnOneGpu(ctx, runs)) {
    return true;
  }
  const server = serverOf(on, runs) ?? unnamedOneWorkerServer(on, runs);
  return server !== undefined && serverOnOneGpu(ctx, server, on, runs);
}

/**
 * An InferenceService model lacks /dev/shm in the pod KServe builds from it and `runtime` (the ServingRuntime of its
 * file it names): the model's image and command replace the runtime's where it sets them.
 */
function modelLacksShm(ctx: KubernetesContext, model: PodContainer, runtime: PodContainer, allow: readonly string[] | undefined): boolean {
  const view = model.obj.view;
  if (!(needsShm(ctx, model.obj, model.c) || needsShm(ctx, runtime.obj, runtime.c)) || view.bool(model.pod.spec, 'hostIPC') === true) {
    return false;
  }
  if (runtimePodMountsShm(model, runtime) || servesFormatWithoutShm(model.obj, model.pod, model.c)) {
    return false;
  }
  const image = view.text(model.c.node, 'image') ?? runtime.obj.view.text(runtime.c.node, 'image');
  return !servesWithoutShm(view, model.c.node, image, allow) && !servesWithoutShm(runtime.obj.view, runtime.c.node, image, allow) && !leavesShmAloneOnOneGpu(ctx, model, runtime);
}

/** The quick fix: a memory-backed emptyDir mounted at /dev/shm, sized for `sized`'s memory limit; none where the pod already lists volumes or mounts. */
function mountShm(ctx: KubernetesContext, { obj, pod, c }: PodContainer, sized: PodContainer): Fix | undefined {
  const view = obj.view;
  if (!wantsFixes(ctx) || view.seq(view.get(c.node, 'volumeMounts')) || view.seq(view.get(pod.spec, 'volumes'))) {
    return undefined;
  }
  const size = shmSizeLimit(sized.obj.view, sized.pod);
  const mount = insertIntoMap(view, c.node, 'volumeMounts:\n  - name: dshm\n    mountPath: /dev/shm');
  const volume = insertIntoMap(view, pod.spec, `volumes:\n  - name: dshm\n    emptyDir:\n      medium: Memory\n      sizeLimit: ${size}`);
  return mount && volume ? { title: `Mount a memory-backed /dev/shm (${size})`, edits: [mount, volume] } : undefined;
}

/**
 * The container's own finding, where something it runs breaks (`breaks`); a KServe model naming a runtime of another
 * file may get its /dev/shm from there.
 */
function ownFinding(ctx: KubernetesContext, container: PodContainer, breaks: string): RuleFinding {
  const { obj, pod, c } = container;
  const view = obj.view;
  const runtime = obj.kind === 'InferenceService' && c.node === view.get(pod.spec, 'model') ? view.text(c.node, 'runtime') : undefined;
  const message =
    runtime !== undefined
      ? `${containerLabel(c)} gets the default 64 MB /dev/shm unless its ServingRuntime "${runtime}" mounts one, which breaks ${breaks}; mount an emptyDir with medium: Memory and a sizeLimit at /dev/shm in that runtime.`
      : `${containerLabel(c)} gets the default 64 MB /dev/shm, which breaks ${breaks}; mount an emptyDir with medium: Memory and a sizeLimit at /dev/shm.`;
  return finding(c.anchor, message, mountShm(ctx, container, container));
}

/**
 * A ServingRuntime's finding for the InferenceServices of its file that it serves without /dev/shm (`models`, the
 * first breaking `breaks`): the fix belongs in the runtime, which KServe merges into each of their pods, as its own
 * runtimes mount theirs.
 */
function runtimeFinding(ctx: KubernetesContext, runtime: PodContainer, models: readonly PodContainer[], breaks: string): RuleFinding {
  const first = models[0] as PodContainer;
  const named = first.obj.name !== undefined ? ` "${first.obj.name}"` : '';
  const served = models.length > 1 ? `InferenceServices${named} and ${models.length - 1} more` : `InferenceService${named}`;
  const message = `${containerLabel(runtime.c)} serves ${served} with the default 64 MB /dev/shm, which breaks ${breaks}; mount an emptyDir with medium: Memory and a sizeLimit at /dev/shm in this runtime (KServe merges its volumes and mounts into the model's pods).`;
  const sized = podMemoryLimit(first.obj.view, first.pod) !== undefined ? first : runtime;
  return finding(runtime.c.anchor, message, mountShm(ctx, runtime, sized));
}

const noModels: readonly PodContainer[] = [];

/**
 * An MPIJob's Launcher without accelerators only runs mpirun (or the DeepSpeed launcher), which starts the ranks on the
 * workers over SSH: the MPI operator lists the launcher in the hostfile only when it has GPUs or runLauncherAsWorker.
 */
function onlyLaunchesMpiRanks(ctx: KubernetesContext, { obj, pod }: PodContainer): boolean {
  const view = obj.view;
  return obj.kind === 'MPIJob' && pod.role === 'Launcher' && !podRequestsAccelerator(view, pod, ctx.cluster) && view.bool(view.get(obj.root, 'spec'), 'runLauncherAsWorker') !== true;
}

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
    for (const container of containers(ctx, appContainers)) {
      const { obj, pod, c } = container;
      // A model whose runtime is in this file: the runtime reports the pod KServe builds from both, once.
      if ((obj.kind === 'InferenceService' && fileServingRuntime(container) !== undefined) || onlyLaunchesMpiRanks(ctx, container)) {
        continue;
      }
      const models = pod.role === 'runtime' && modelContainerOf(pod) === c ? inferenceServicesOf(obj) : noModels;
      if (models.length > 0) {
        const unserved = models.filter((m) => modelLacksShm(ctx, m, container, allow) && whatBreaks(ctx, m, container) !== undefined);
        const first = unserved[0];
        const breaks = first !== undefined ? whatBreaks(ctx, first, container) : undefined;
        if (breaks !== undefined) {
          out.push(runtimeFinding(ctx, container, unserved, breaks));
        }
      } else if (lacksShm(ctx, container, allow)) {
        const breaks = whatBreaks(ctx, container);
        if (breaks !== undefined) {
          out.push(ownFinding(ctx, container, breaks));
        }
      }
    }
    return out;
  },
};
