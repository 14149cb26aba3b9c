import type { KubernetesContext, KubernetesRule } from '../../kubernetes/rule';
import type { ContainerRef, KubeObject, PodSpecRef } from '../../kubernetes/model';
import type { RuleFinding, TextEdit } from '../../types';
import type { CollectiveLibrary } from '../../kubernetes/gpu';
import { acceleratorNoun, collectiveLibrary, commandWords, imageRepository } from '../../kubernetes/gpu';
import type { YamlView } from '../../yaml/access';
import type { Node } from 'yaml';
import { appContainers, containerLabel, containers, finding, insertIntoMap, wantsFixes } from './helpers';
import { hasShmMount, needsShm, servesFormatWithoutShm } from './shm';
import { runsTritonServer } from './model-source';
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
 * What the 64 MB default breaks, by what runs (reporting path): Triton's Python-backend stubs and shared-memory
 * clients; on TPUs PyTorch/XLA's one process per chip (JAX never reaches here); elsewhere DataLoader workers and the
 * GPU vendor's collectives (NCCL is NVIDIA's, RCCL AMD's and oneCCL Intel's: Neuron and Gaudi run their own).
 */
function whatBreaks(ctx: KubernetesContext, obj: KubeObject, pod: PodSpecRef, c: ContainerRef): string {
  if (runsTritonServer(obj, pod, c)) {
    return "Triton's Python-backend models (their stub processes exchange tensors with the server through /dev/shm) and its system shared-memory clients";
  }
  const noun = acceleratorNoun(obj.view, [pod], ctx.cluster);
  if (noun === 'GPU') {
    return `DataLoader workers, ${gpuCollectives(collectiveLibrary(obj.view, [pod], ctx.cluster))} and vLLM tensor parallelism`;
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
      if (wantsFixes(ctx) && !view.seq(view.get(c.node, 'volumeMounts')) && !view.seq(view.get(pod.spec, 'volumes'))) {
        const m = insertIntoMap(view, c.node, `volumeMounts:\n  - name: ${name}\n    mountPath: /dev/shm`);
        const v = insertIntoMap(view, pod.spec, `volumes:\n  - name: ${name}\n    emptyDir:\n      medium: Memory\n      sizeLimit: 16Gi`);
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
          edits.length === 2 ? { title: 'Mount a memory-backed /dev/shm (16Gi)', edits } : undefined,
        ),
      );
    }
    return out;
  },
};
