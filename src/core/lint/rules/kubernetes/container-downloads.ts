/**
 * What a container's manifest shows it downloads, for messages that name where the download lands. Reporting paths
 * only: each reads the command line and variables the kubelet would pass.
 */
import type { Node } from 'yaml';
import type { KubeObject, PodSpecRef, ContainerRef } from '../../kubernetes/model';
import type { YamlView } from '../../yaml/access';
import { commandWords, containerStartsServer, isServingImage } from '../../kubernetes/gpu';
import { envEntries } from './helpers';
import { commandLine, containerImageCache } from './model-source';
import { modelPathNamesHubModel, namesHubRepository } from './hub-model-path';
import { leaderModelOfWorker } from './lws-leader-model';
import { mentionsServeModel, runsServeReplicas } from './ray-serve-models';
import { afterLastSlash } from '../../after-last-slash';

/** Flags naming a model to load: `--model`, `--model_name_or_path`, `--model-id`, `--pretrained_model_name_or_path`, `--base_model`. */
const modelFlagRe = /(?:^|\s)--(?:model(?:[-_](?:id|name|path|name[-_]or[-_]path))?|pretrained[-_]model[-_]name[-_]or[-_]path|base[-_]model)(?:=|\s|$)/;

/** The same flags with their value: the value is captured to tell a hub repository (`org/name`) from a local path or an architecture name. */
const modelFlagValueRe = /(?:^|\s)--(?:model(?:[-_](?:id|name|path|name[-_]or[-_]path))?|pretrained[-_]model[-_]name[-_]or[-_]path|base[-_]model)(?:=|\s+)["']?([^\s"';&|]+)/g;

/** The command line names a model to load (any value: a hub repository, a path, an architecture such as `resnet101`). */
export function namesModelFlag(line: string): boolean {
  return modelFlagRe.test(line);
}

/** Variables the Hugging Face libraries read a hub token from: a container given one talks to the hub. */
const hubTokenVariables = new Set(['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN', 'HUGGINGFACE_HUB_TOKEN']);

/** A model flag's value is a Hugging Face repository id, not a relative path onto one of the container's volumes. */
function namesHubModelFlag(view: YamlView, container: Node, line: string): boolean {
  if (!line.includes('--')) {
    return false;
  }
  modelFlagValueRe.lastIndex = 0;
  for (let m = modelFlagValueRe.exec(line); m !== null; m = modelFlagValueRe.exec(line)) {
    if (m[1] !== undefined && namesHubRepository(view, container, m[1])) {
      return true;
    }
  }
  return false;
}

/** Image names of servers that download a hub model (`rocm/vllm`, `vllm-rocm`, `lmsysorg/sglang`, `my-tgi`): the last path segment. */
const hubServerImageRe = /(?:^|[-_.])(?:vllm|sglang|lmdeploy|tgi|text-generation-inference|ollama)(?:$|[-_.])/;

/** The command starts a model server, the serving image's own server runs (no command replaces it), or the image is named for one. */
function runsModelServer(obj: KubeObject, c: ContainerRef, repository: string): boolean {
  const view = obj.view;
  if (containerStartsServer(view, c.node) || hubServerImageRe.test(afterLastSlash(repository))) {
    return true;
  }
  return view.get(c.node, 'command') === undefined && isServingImage(view.text(c.node, 'image'));
}

/** A RayService worker whose Serve config names a model app: any model it loads is written to disk, enough to name the cache (MLK419 asks for a hub model). */
function servesRayModel(obj: KubeObject, pod: PodSpecRef): boolean {
  return runsServeReplicas(pod) && mentionsServeModel(obj);
}

/**
 * The manifest shows the container downloading a model: a model server (vLLM, SGLang, TGI, Ollama, NIM…), an image
 * with a model cache of its own, a Ray Serve model, a model flag naming a hub repository, a hub token, or a
 * LeaderWorkerSet worker joining a leader that serves a hub model. Without such evidence a GPU container (an
 * `nvidia-smi` check, a synthetic benchmark) has no model cache to name.
 */
export function showsModelDownload(obj: KubeObject, pod: PodSpecRef, c: ContainerRef, repository: string): boolean {
  const view = obj.view;
  if (runsModelServer(obj, c, repository) || containerImageCache(view, c.node) !== undefined || servesRayModel(obj, pod)) {
    return true;
  }
  const line = commandLine(view, c.node);
  if (namesHubModelFlag(view, c.node, line) || modelPathNamesHubModel(view, c.node, line)) {
    return true;
  }
  return envEntries(view, c.node).some((e) => hubTokenVariables.has(e.name)) || leaderModelOfWorker(obj, pod.role, c.node) !== undefined;
}

/**
 * Dataset flags: a flag whose last words are `data` or `dataset` with an optional location or name (`--data`,
 * `--data_dir`, `--train-data-path`, `--dataset`, `--dataset_name`, `--eval_dataset`), and Hydra overrides of a
 * `data` or `dataset` group (`data.train_files=…`, `dataset=alpaca`). Not `--data_format` nor `--data_name`
 * (tf_cnn_benchmarks runs on synthetic data without `--data_dir`), nor `--data-parallel-size`.
 */
const datasetFlagRe =
  /(?:^|\s)(?:--(?:[a-z0-9]+[-_])*(?:datasets?(?:[-_](?:name|dir|path|root|files?|url|uri|id|config(?:[-_]name)?))?|data(?:[-_](?:dir|path|root|files?|url|uri))?)(?:=|\s|$)|\+{0,2}(?:data|datasets?)(?:\.[A-Za-z0-9_]+)*=)/;

/** Variables naming a dataset or its directory: `DATASET`, `DATASET_NAME`, `DATA_DIR`, `TRAIN_DATA_PATH`, HF_DATASETS_CACHE. */
const datasetVariableRe = /(?:^|_)(?:DATASETS?(?:_[A-Z]+)?|DATA_(?:DIR|PATH|ROOT|URL|URI))$/;

/** The torchvision and Keras datasets examples download (MNIST, Fashion-MNIST, CIFAR), in an image or program name. */
const downloadedDatasetRe = /mnist|cifar/i;

/** A program or script path names such a dataset (`/opt/mnist/src/mnist.py`, `mnist.py`); not a flag's value (`--data_name cifar10`). */
function programNamesDataset(word: string): boolean {
  return (word.includes('/') || word.endsWith('.py')) && downloadedDatasetRe.test(afterLastSlash(word));
}

/** The manifest shows the container reading a dataset: a dataset flag or variable, or an MNIST/CIFAR example (image or program). */
export function showsDataset(obj: KubeObject, c: ContainerRef, repository: string): boolean {
  const view = obj.view;
  if (datasetFlagRe.test(commandLine(view, c.node)) || downloadedDatasetRe.test(afterLastSlash(repository))) {
    return true;
  }
  return commandWords(view, c.node).some(programNamesDataset) || envEntries(view, c.node).some((e) => datasetVariableRe.test(e.name));
}
