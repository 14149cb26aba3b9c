import type { Node } from 'yaml';
import type { ContainerRef, KubeObject, PodSpecRef } from '../../kubernetes/model';
import { commandWords, imageRepository, isDistributedLauncher, isNimRepository, isTritonSdkImage, localAiRepository } from '../../kubernetes/gpu';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import type { TensorParallelServer } from '../../tensor-parallel-servers';
import { tensorParallelServer } from '../../tensor-parallel-servers';
import type { YamlView } from '../../yaml/access';
import { derivation } from '../../yaml/access';
import { memoByString } from '../../string-memo';
import { positionalModel } from '../../server-commands';
import { envEntries, imageRef, mounts, volumes } from './helpers';
import { afterLastSlash } from '../../after-last-slash';

/**
 * A local model location in the command line: the value of `--model`, `--model-id`, `--model-path` (vLLM, TGI,
 * SGLang), `--model-repository` / `--model-store` (Triton), or `serve <path>`, when it is an absolute path.
 */
const localModelFlag = /(?:^|\s)(?:--model(?:-id|-path|-repository|-store)?|serve)(?:=|\s+)["']?(\/[^\s"']*)/g;

/** Images whose entry point is `vllm serve` (vLLM's Dockerfile and Dockerfile.cpu): vllm-openai, its ROCm and CPU builds. */
const vllmServeImageRe = /(?:^|\/)(?:vllm-openai(?:-rocm|-cpu)?|vllm(?:-arm64)?-cpu-release-repo)$/;

const runsVllmServeEntrypoint = memoByString((image: string): boolean => vllmServeImageRe.test(imageRepository(image)));

/** A vLLM image whose `vllm serve` entry point no command replaces. */
function keepsVllmServeEntrypoint(view: YamlView, container: Node): boolean {
  const image = view.get(container, 'command') === undefined ? view.text(container, 'image') : undefined;
  return image !== undefined && runsVllmServeEntrypoint(image);
}

/**
 * The model a server command names by its position, as written (positionalModel: `vllm serve --port 8000 <model>`,
 * `sglang serve <model>`, `lmdeploy serve api_server <model>`), or the one a vLLM image's args hand its `vllm serve`
 * entry point when no command replaces it. `words`: the container's command line split at blanks.
 */
export function positionalModelOf(view: YamlView, container: Node, words: readonly string[]): string | undefined {
  return positionalModel(words) ?? (keepsVllmServeEntrypoint(view, container) ? positionalModel(['vllm', 'serve', ...words]) : undefined);
}

/**
 * The model a server names by its position (positionalModelOf), read from the line with the kubelet's `$(NAME)`
 * expanded: `vllm serve --port 8000 org/name`, the vLLM image's args `[--port, "8000", org/name]`, `lmdeploy serve
 * api_server org/name`, `sglang serve org/name`.
 */
export function positionalModelIn(view: YamlView, container: Node, line: string): string | undefined {
  // Nothing expanded: the line's words are the container's command words, already split and read once.
  return line === commandLine(view, container) ? view.derive(containerPositionalModel, container) : positionalModelOf(view, container, line.match(/\S+/g) ?? []);
}

/** positionalModelOf the container's own command words, once per container (MLK104, MLK304 and MLK419 ask). */
const containerPositionalModel = derivation((view, container: Node): string | undefined => positionalModelOf(view, container, commandWords(view, container)));

/**
 * The model is an object-store URI (`vllm serve gs://…`, `--model s3://…`, a positional model after flags), or vLLM
 * loads tensorizer-serialised weights from one (`--load-format tensorizer --tensorizer-uri s3://…`): the weights stream
 * from the bucket (Run:ai Model Streamer, tensorizer) instead of downloading into the Hugging Face cache, so a volume
 * there would hold nothing.
 */
export function streamsFromObjectStore(args: string, positionalModel: string | undefined): boolean {
  return /(?:^|\s)(?:--model(?:[-_]id)?|serve|--tensorizer-(?:uri|path))(?:=|\s+)["']?(?:s3|gs|az):\/\//.test(args) || /^(?:s3|gs|az):\/\//.test(positionalModel ?? '');
}

/** The absolute path positionalModelOf reads from the line, if any. */
function positionalModelPath(view: YamlView, container: Node, line: string): string | undefined {
  // Without `serve` in the line, only a vLLM image's entry point takes a positional model.
  if (!line.includes('/') || (!line.includes('serve') && !keepsVllmServeEntrypoint(view, container))) {
    return undefined;
  }
  const model = positionalModelIn(view, container, line);
  return model?.startsWith('/') ? model : undefined;
}

/**
 * The model is read from an absolute path on a persistent volume (PVC, hostPath, CSI, …), so nothing is downloaded
 * from a hub at start: `--model-repository=/data/…` on a GCS FUSE volume, or the vLLM image's positional model
 * `args: [--port, "8000", /models/Qwen2.5-7B-Instruct]` (its entrypoint is `vllm serve`) on a PVC.
 */
export function modelOnPersistentVolume(view: YamlView, container: Node, line: string, onVolume: (path: string) => boolean): boolean {
  return localModelPaths(view, container, line).some(onVolume);
}

/**
 * The absolute model paths the command line names: localModelFlag's, the positional model (positionalModelOf), and
 * the first argument when no command replaces the image's entry point.
 */
export function localModelPaths(view: YamlView, container: Node, line: string): readonly string[] {
  // MLK104, MLK304 and MLK419 ask of the same line: read once per container and line.
  const memo = view.derive(modelPathsRead, container);
  if (memo.line !== line) {
    memo.line = line;
    memo.paths = readLocalModelPaths(view, container, line);
  }
  return memo.paths;
}

/** The line localModelPaths last read for a container, and its paths. */
const modelPathsRead = derivation((): { line?: string; paths: readonly string[] } => ({ paths: [] }));

function readLocalModelPaths(view: YamlView, container: Node, line: string): string[] {
  const paths: string[] = [];
  // Every flag value localModelFlag matches starts with a slash; exec on the shared regex spares matchAll's copy of it.
  if (line.includes('/')) {
    localModelFlag.lastIndex = 0;
    for (let m = localModelFlag.exec(line); m !== null; m = localModelFlag.exec(line)) {
      if (m[1] !== undefined) {
        paths.push(m[1]);
      }
    }
  }
  const positional = positionalModelPath(view, container, line);
  if (positional !== undefined && !paths.includes(positional)) {
    paths.push(positional);
  }
  if (view.get(container, 'command') === undefined) {
    const first = view.str(view.list(view.get(container, 'args'))[0]);
    if (first !== undefined && first.startsWith('/') && !paths.includes(first)) {
      paths.push(first);
    }
  }
  return paths;
}

/** Ollama's model store (moved by OLLAMA_MODELS). */
export const ollamaCache = '/root/.ollama';

/** The image's own cache directory, when it is not the Hugging Face default. */
const imageCache: Record<string, string> = {
  'ollama/ollama': ollamaCache,
  'huggingface/text-generation-inference': '/data',
  'huggingface/text-embeddings-inference': '/data',
};

/** NVIDIA NIM's cache (its images set `NIM_CACHE_PATH=/opt/nim/.cache`). */
const nimCache = '/opt/nim/.cache';

/** The model cache an image repository keeps its downloads in, when it is not the Hugging Face default. */
export const imageCacheOf = memoByString((repo: string): string | undefined => {
  if (isNimRepository(repo)) {
    return nimCache;
  }
  for (const k in imageCache) {
    if (repo === k || repo.endsWith(`/${k}`)) {
      return imageCache[k];
    }
  }
  // Google's Deep Learning Containers of TGI and TEI (`…/huggingface-text-generation-inference-cu121.2-2.ubuntu2204.py310`) keep TGI's /data.
  const name = afterLastSlash(repo);
  return /^huggingface-text-(?:generation|embeddings)-inference/.test(name) ? '/data' : undefined;
});

/** Variables that move LocalAI's models directory, the first one set winning. */
const localAiModelsVariables = ['LOCALAI_MODELS_PATH', 'MODELS_PATH'];

/** Tags of LocalAI before 3.1, whose images kept models in /build/models (their working directory). */
const localAiBuildDirTag = /^v?(?:[12]\.|3\.0\.)/;

/** `--models-path /dir` or `--models-path=/dir` in LocalAI's command line. */
const localAiModelsFlag = /(?:^|\s)--models-path(?:=|\s+)["']?(\/[^\s"']*)/;

/** LocalAI's models directory: where its variables move it (they win over flags), else `--models-path`, else the image's default (/models since 3.1). */
function localAiModels(view: YamlView, container: Node, image: string): string {
  const env = envEntries(view, container);
  const variable = localAiModelsVariables.map((name) => env.find((e) => e.name === name)).find((e) => e !== undefined)?.value;
  const moved = variable ?? localAiModelsFlag.exec(commandLine(view, container))?.[1];
  if (moved?.startsWith('/')) {
    return moved.replace(/\/+$/, '') || '/';
  }
  const parsed = imageRef(image);
  return parsed.ok && localAiBuildDirTag.test(parsed.ref.tag ?? '') ? '/build/models' : '/models';
}

/** NVIDIA Dynamo's runtime images (`nvcr.io/nvidia/ai-dynamo/vllm-runtime`, `…/sglang-runtime`, `…/tensorrtllm-runtime`), on any registry. */
const dynamoRuntimeRepository = /(?:^|\/)ai-dynamo\/(?:vllm|sglang|tensorrtllm|trtllm)-runtime$/;

/**
 * The Hugging Face cache of Dynamo's runtime images from 0.7 on: they run as the `dynamo` user with HOME=/home/dynamo,
 * where Dynamo's model-caching guide mounts the model cache claim.
 */
export const dynamoUserCache = '/home/dynamo/.cache/huggingface';

/** Tags of Dynamo's runtime images before 0.7, which ran as root (its cache is the Hugging Face default). */
const dynamoRootUserTag = /^v?0\.[0-6](?:\D|$)/;

/** The cache of a Dynamo runtime image: the `dynamo` user's from 0.7 on (untagged, digest-pinned and unknown tags included), root's default before. */
function dynamoRuntimeCache(image: string): string | undefined {
  const parsed = imageRef(image);
  return parsed.ok && dynamoRootUserTag.test(parsed.ref.tag ?? '') ? undefined : dynamoUserCache;
}

/** The model cache of the container's image when it is not the Hugging Face default: imageCacheOf's, LocalAI's models directory, or the Dynamo user's cache. */
export function containerImageCache(view: YamlView, container: Node): string | undefined {
  const image = view.text(container, 'image') ?? '';
  const repo = imageRepository(image);
  if (localAiRepository.test(repo)) {
    return localAiModels(view, container, image);
  }
  return dynamoRuntimeRepository.test(repo) ? dynamoRuntimeCache(image) : imageCacheOf(repo);
}

/** commandLine's text, built once per container (MLK104, MLK419 and the LeaderWorkerSet lookup ask for it). */
const containerCommandLine = derivation((view, container: Node): string => {
  let line = '';
  let words = 0;
  for (const key of ['command', 'args']) {
    for (const n of view.list(view.get(container, key))) {
      line = words++ === 0 ? (view.str(n) ?? '') : `${line} ${view.str(n) ?? ''}`;
    }
  }
  return line;
});

/** The container's command and args joined by spaces (non-strings as empty words). */
export function commandLine(view: YamlView, container: Node): string {
  return view.derive(containerCommandLine, container);
}

/**
 * The container's command names a model at a path on one of its volumes that is not an emptyDir (a PVC, hostPath, NFS,
 * CSI…). `line`: its command line, with the variables it reads expanded where the caller knows them (expandedCommandLine).
 */
export function loadsModelFromMountedVolume(view: YamlView, pod: PodSpecRef, container: Node, line = commandLine(view, container)): boolean {
  const containerMounts = mounts(view, container);
  if (containerMounts.length === 0) {
    return false;
  }
  const podVolumes = volumes(view, pod);
  const onVolume = (path: string): boolean =>
    containerMounts.some((m) => {
      const mp = (m.mountPath ?? '').replace(/\/+$/, '');
      return mp !== '' && (path === mp || path.startsWith(`${mp}/`)) && podVolumes.some((v) => v.name === m.name && view.get(v.node, 'emptyDir') === undefined);
    });
  return modelOnPersistentVolume(view, container, line, onVolume);
}

/** KServe's API group, or KFServing's before the rename. */
function isKServeGroup(obj: KubeObject): boolean {
  const group = apiGroupOf(obj.apiVersion);
  return group === 'serving.kserve.io' || group === 'serving.kubeflow.org';
}

/** KServe component keys whose value is the model server's container (`predictor.model`, `predictor.pytorch`, …). */
const kserveImplementationKeys = ['model', 'sklearn', 'xgboost', 'tensorflow', 'pytorch', 'triton', 'onnx', 'huggingface', 'pmml', 'lightgbm', 'paddle'];

/** The InferenceService component key that holds this container (`tensorflow` for `predictor.tensorflow`), if it is one. */
export function kserveImplementationKey(obj: KubeObject, pod: PodSpecRef, container: Node): string | undefined {
  if (obj.kind !== 'InferenceService' || !isKServeGroup(obj)) {
    return undefined;
  }
  return kserveImplementationKeys.find((key) => obj.view.get(pod.spec, key) === container);
}

/**
 * The InferenceService's storageUri for this container: the implementation's `storageUri`, or a custom container's
 * `STORAGE_URI` variable. KServe's storage initializer fetches it into /mnt/models before the server starts.
 */
export function kserveStorageUri(obj: KubeObject, pod: PodSpecRef, c: ContainerRef): string | undefined {
  if (obj.kind !== 'InferenceService' || !isKServeGroup(obj)) {
    return undefined;
  }
  const view = obj.view;
  if (kserveImplementationKey(obj, pod, c.node) !== undefined) {
    return view.text(c.node, 'storageUri');
  }
  return envEntries(view, c.node).find((e) => e.name === 'STORAGE_URI')?.value;
}

/** KServe formats its Triton runtime serves (`predictor.triton`, or a `model:` of such a format). */
const kserveTritonFormats = new Set(['triton', 'tensorrt']);

/**
 * A Triton server image (`nvcr.io/nvidia/tritonserver`, KServe's `kserve-tritonserver`), not Triton's client SDK image
 * (`tritonserver:24.06-py3-sdk`: client libraries, perf_analyzer and GenAI-Perf, no server).
 */
const tritonServerImage = (image: string): boolean => imageRepository(image).includes('tritonserver') && !isTritonSdkImage(image);

/**
 * The container runs Triton: its server image, a command running `tritonserver`, or an InferenceService model KServe
 * serves on its Triton runtime. For reporting paths.
 */
export function runsTritonServer(obj: KubeObject, pod: PodSpecRef, c: ContainerRef): boolean {
  const view = obj.view;
  if (tritonServerImage(view.text(c.node, 'image') ?? '') || commandWords(view, c.node).some((w) => w === 'tritonserver' || w.endsWith('/tritonserver'))) {
    return true;
  }
  const key = kserveImplementationKey(obj, pod, c.node);
  if (key !== 'model') {
    return key === 'triton';
  }
  const runtime = view.text(c.node, 'runtime');
  return runtime === 'kserve-tritonserver' || (runtime === undefined && kserveTritonFormats.has(view.text(view.get(c.node, 'modelFormat'), 'name')?.toLowerCase() ?? ''));
}

/** The server of containerTensorParallelServer, decided once per container (MLK405, MLK406 and MLK415 ask for each). */
const containerServer = derivation((view, container: Node): TensorParallelServer | undefined =>
  tensorParallelServer(imageRepository(view.text(container, 'image') ?? ''), commandWords(view, container), view.get(container, 'command') === undefined),
);

/**
 * The vLLM, SGLang or TGI server the container runs: one its command starts, or the image's own when no command
 * replaces its entry point. For reporting paths.
 */
export function containerTensorParallelServer(view: YamlView, container: Node): TensorParallelServer | undefined {
  return view.derive(containerServer, container);
}

/** `train` starting a word of a program, script, module or image name: `train.py`, `fv3fit.train`, `llm-trainer` (not `constraint`). */
const trainingWordRe = /(?:^|[^a-z])train/i;

/** The last path segment of a word or image repository names training (trainingWordRe). */
function namesTraining(w: string): boolean {
  return trainingWordRe.test(afterLastSlash(w));
}

/**
 * The container trains: a training workload (a training operator's CRD, a Volcano Job, a JobSet...), a distributed
 * launcher (torchrun, deepspeed, accelerate launch), or a program, script or image named for training. For reporting paths.
 */
export function runsTraining(obj: KubeObject, c: ContainerRef): boolean {
  // A Katib Experiment's trial is the training job it embeds.
  if (obj.workload === 'training' || obj.embedded?.workload === 'training') {
    return true;
  }
  return obj.view.derive(trainsByCommand, c.node);
}

/** runsTraining's reading of the container's own command and image, once per container (MLK104, MLK405, MLK419... ask). */
const trainsByCommand = derivation((view, container: Node): boolean => {
  const words = commandWords(view, container);
  return isDistributedLauncher(words) || namesTraining(imageRepository(view.text(container, 'image') ?? '')) || words.some(namesTraining);
});
