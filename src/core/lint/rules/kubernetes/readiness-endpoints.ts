import { commandWords, imageRepository, isNimRepository, localAiRepository } from '../../kubernetes/gpu';
import type { KubeObject, PodSpecRef } from '../../kubernetes/model';
import type { YAMLMap } from 'yaml';
import type { YamlView } from '../../yaml/access';
import { envEntries } from './helpers';
import { containerTensorParallelServer, kserveImplementationKey, runsTritonServer } from './model-source';
import { memoByString } from '../../string-memo';
import { launchesTriton, runsTritonOpenAiFrontend } from './triton-launchers';
import { huggingFaceRouterImageRe } from './huggingface-routers';
import { afterLastSlash } from '../../after-last-slash';

/** Ollama's image (`ollama/ollama`) and images named for it. */
export const ollamaRepository = /(?:^|\/)ollama$/;

/**
 * Servers whose readiness endpoint is not `/health`, with their default port (see probePort for the one a fix uses):
 * Ollama answers on `/` ("Ollama is running"); MLServer on the KServe v2 path (Triton too: see tritonEndpoint); TorchServe `/ping`; BentoML
 * and LocalAI `/readyz`; ComfyUI `/system_stats`; LiteLLM `/health/readiness`; AUTOMATIC1111's web UI `/internal/ping`.
 */
const readinessEndpoints: readonly { repository: RegExp; path: string; port: string }[] = [
  { repository: ollamaRepository, path: '/', port: '11434' },
  { repository: /(?:^|\/)mlserver$/, path: '/v2/health/ready', port: '8080' },
  { repository: /(?:^|\/)torchserve$/, path: '/ping', port: '8080' },
  { repository: /(?:^|\/)bentoml(?:\/|$)|(?:^|\/)bento-server$/, path: '/readyz', port: '3000' },
  { repository: localAiRepository, path: '/readyz', port: '8080' },
  { repository: /comfyui/, path: '/system_stats', port: '8188' },
  { repository: /(?:^|\/)litellm(?:-database)?$/, path: '/health/readiness', port: '4000' },
  { repository: /stable-diffusion-webui|automatic1111/, path: '/internal/ping', port: '7860' },
];

/** A readiness endpoint: its path, its default port, and the port the command sets for it (which wins over a declared one). */
export interface ReadinessEndpoint {
  path: string;
  port: string;
  commandPort?: string;
  /** A server that answers no HTTP: a TCP probe on the port (JetStream's gRPC engine); `path` is empty. */
  tcp?: true;
  /** A gRPC server that answers the standard grpc.health.v1 service (TEI's `-grpc` images): a grpc probe on the port; `path` is empty. */
  grpc?: true;
  /** An HTTP server beside it in the pod that reports its readiness (JetStream's jetstream-http sidecar): its path and port. */
  sidecar?: { path: string; port: string };
}

/** The readiness endpoint and default port of a server the image names: NIM's `/v1/health/ready`, those above. */
const knownImageEndpoint = memoByString((image: string): ReadinessEndpoint | undefined => (isNimRepository(image) ? { path: '/v1/health/ready', port: '8000' } : readinessEndpoints.find((e) => e.repository.test(image))));

/** The value of `--flag=value` or `--flag value` among the words, without quotes. */
function flagValue(words: readonly string[], flag: string): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const value = word === flag ? words[i + 1] : word.startsWith(`${flag}=`) ? word.slice(flag.length + 1) : undefined;
    if (value !== undefined) {
      return value.replace(/^["']+|["';]+$/g, '') || undefined;
    }
  }
  return undefined;
}

/** The value of the last `--flag=value` or `--flag value` among the words (`vllm serve --port`, after a `ray start --port`). */
function lastFlagValue(words: readonly string[], flag: string): string | undefined {
  for (let i = words.length - 1; i >= 0; i--) {
    const word = words[i] ?? '';
    if (word === flag || word.startsWith(`${flag}=`)) {
      return flagValue(words.slice(i), flag);
    }
  }
  return undefined;
}

/**
 * The port a Hugging Face router listens on: `--port`, else the PORT variable the container sets (both routers read
 * it, and it wins over the image's PORT=80; Google's TGI and TEI examples set PORT=8080).
 */
function huggingFaceRouterPort(view: YamlView, container: YAMLMap, words: readonly string[]): string | undefined {
  const variable = envEntries(view, container).find((e) => e.name === 'PORT')?.value;
  return lastFlagValue(words, '--port') ?? (variable !== undefined && /^\d+$/.test(variable) ? variable : undefined);
}

/** TEI's gRPC builds (`1.5-grpc`, `turing-latest-grpc`), by the image reference's tag. */
function isTeiGrpcImage(view: YamlView, container: YAMLMap): boolean {
  const reference = view.text(container, 'image') ?? '';
  const name = reference.split('@')[0] ?? '';
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/') && name.endsWith('-grpc') && /text-embeddings-inference/.test(name.slice(0, colon));
}

/**
 * `/health`, the readiness path of vLLM, TGI, TEI, SGLang, LMDeploy and llama.cpp (and the usual guess for a model
 * server): on the port vLLM's, SGLang's, TGI's or TEI's `--port` sets (the routers' PORT variable too), or LMDeploy's
 * `--server-port`, else its default (SGLang 30000, LMDeploy's api_server 23333, TGI's and TEI's images 80, vLLM 8000).
 * Not TEI's Prometheus port (9000), which a container may declare first. TEI's gRPC builds serve no HTTP: they answer
 * grpc.health.v1 on the same port, and listen only once the model is loaded.
 */
function healthEndpoint(view: YamlView, container: YAMLMap, image: string, words: readonly string[]): ReadinessEndpoint {
  const server = containerTensorParallelServer(view, container);
  const huggingFaceRouter = huggingFaceRouterImageRe.test(image);
  const port = server === 'SGLang' ? '30000' : server === 'LMDeploy' ? '23333' : huggingFaceRouter ? '80' : '8000';
  const commandPort = huggingFaceRouter ? huggingFaceRouterPort(view, container, words) : server !== undefined ? lastFlagValue(words, server === 'LMDeploy' ? '--server-port' : '--port') : undefined;
  if (huggingFaceRouter && isTeiGrpcImage(view, container)) {
    return { ...withCommandPort('', port, commandPort), grpc: true };
  }
  return withCommandPort('/health', port, commandPort);
}

/** Servers a command may start whatever the image, by program name. */
const servingPrograms = new Set(['tritonserver', 'tensorflow_model_server', 'torchserve']);

/** The first word of the command that runs one of servingPrograms (by name or path), if any. */
function servingProgram(words: readonly string[]): string | undefined {
  for (const word of words) {
    const name = afterLastSlash(word);
    if (servingPrograms.has(name)) {
      return name;
    }
  }
  return undefined;
}

/** An endpoint whose port a flag of the command may set. */
function withCommandPort(path: string, port: string, commandPort: string | undefined): ReadinessEndpoint {
  return commandPort !== undefined ? { path, port: commandPort, commandPort } : { path, port };
}

/** Triton's KServe v2 readiness on its HTTP port (`--http-port`, or its launcher script's `--http_port`; default 8000). */
function tritonEndpoint(words: readonly string[]): ReadinessEndpoint {
  return withCommandPort('/v2/health/ready', '8000', flagValue(words, '--http-port') ?? flagValue(words, '--http_port'));
}

/** Triton's OpenAI-compatible frontend: `/health/ready` (ready once its models are) on `--openai-port`, default 9000. */
function tritonOpenAiEndpoint(words: readonly string[]): ReadinessEndpoint {
  return withCommandPort('/health/ready', '9000', flagValue(words, '--openai-port'));
}

/**
 * The server the command starts, whatever the image: Triton (`--http-port`, default 8000), TensorFlow Serving (its
 * model's status at `/v1/models/<--model_name>` on `--rest_api_port`), TorchServe (`/ping` on its inference port 8080).
 */
function commandEndpoint(words: readonly string[]): ReadinessEndpoint | undefined {
  switch (servingProgram(words)) {
    case 'tritonserver':
      return tritonEndpoint(words);
    case 'tensorflow_model_server':
      return withCommandPort(`/v1/models/${flagValue(words, '--model_name') ?? 'default'}`, '8501', flagValue(words, '--rest_api_port'));
    case 'torchserve':
      return { path: '/ping', port: '8080' };
    default:
      return undefined;
  }
}

/** The TensorFlow Serving image's entrypoint serves MODEL_NAME (default `model`) with its REST API on 8501. */
function tensorflowServingEndpoint(view: YamlView, container: YAMLMap, words: readonly string[]): ReadinessEndpoint {
  const name = flagValue(words, '--model_name') ?? envEntries(view, container).find((e) => e.name === 'MODEL_NAME')?.value ?? 'model';
  return withCommandPort(`/v1/models/${name}`, '8501', flagValue(words, '--rest_api_port'));
}

/** KServe's model servers (sklearn, XGBoost, LightGBM, PMML, Paddle, Hugging Face): the v1 protocol's model status on 8080. */
const kserveModelServerRe = /(?:^|\/)kserve\/(?:sklearnserver|xgbserver|lgbserver|pmmlserver|paddleserver|huggingfaceserver)$/;

/** Formats KServe's default runtimes serve over Triton, whose KServe v2 endpoint is ready once the models load. */
const tritonFormats = new Set(['triton', 'onnx', 'tensorrt']);

/** Formats of KServe's default runtimes that answer the v1 protocol's `/v1/models/<name>` (TF Serving, TorchServe, KServe's own servers). */
const v1Formats = new Set(['tensorflow', 'pytorch', 'sklearn', 'xgboost', 'lightgbm', 'pmml', 'paddle', 'huggingface']);

/**
 * An InferenceService's model server (`predictor.tensorflow`, `predictor.model` with its modelFormat): KServe runs it on
 * 8080 as the InferenceService's name; Triton answers `/v2/health/ready`, the others the v1 protocol's model status (or
 * the v2 one with `protocolVersion: v2`). Undefined for a runtime of its own, which the image says more about.
 */
function kserveEndpoint(obj: KubeObject, pod: PodSpecRef, container: YAMLMap): ReadinessEndpoint | undefined {
  const view = obj.view;
  const key = kserveImplementationKey(obj, pod, container);
  if (key === undefined) {
    return undefined;
  }
  const runtime = view.text(container, 'runtime');
  if (runtime !== undefined && !runtime.startsWith('kserve-')) {
    return undefined;
  }
  const format = (key === 'model' ? view.text(view.get(container, 'modelFormat'), 'name') ?? '' : key).toLowerCase();
  if (tritonFormats.has(format) || (v1Formats.has(format) && view.text(container, 'protocolVersion') === 'v2')) {
    return { path: '/v2/health/ready', port: '8080' };
  }
  return v1Formats.has(format) ? { path: `/v1/models/${obj.name ?? '<model name>'}`, port: '8080' } : undefined;
}

/** Where a known server reports readiness: by the InferenceService field that holds it, its command, else its image (`byImage`). */
function serverEndpoint<T extends ReadinessEndpoint | undefined>(obj: KubeObject, pod: PodSpecRef, container: YAMLMap, image: string, byImage: (image: string) => T): ReadinessEndpoint | T {
  const view = obj.view;
  const kserve = kserveEndpoint(obj, pod, container);
  if (kserve) {
    return kserve;
  }
  const words = commandWords(view, container);
  if (runsTritonOpenAiFrontend(words)) {
    return tritonOpenAiEndpoint(words);
  }
  const byCommand = view.get(container, 'command') !== undefined ? commandEndpoint(words) : undefined;
  if (byCommand) {
    return byCommand;
  }
  // Also Triton started by args alone (its images run them, as its Helm chart has it), by a launcher, and Triton's own images.
  const ref = pod.containers.find((k) => k.node === container);
  if ((ref && runsTritonServer(obj, pod, ref)) || launchesTriton(words)) {
    return tritonEndpoint(words);
  }
  if (/(?:^|\/)tensorflow\/serving$/.test(image)) {
    return tensorflowServingEndpoint(view, container, words);
  }
  if (kserveModelServerRe.test(image)) {
    return { path: `/v1/models/${flagValue(words, '--model_name') ?? obj.name ?? '<model name>'}`, port: '8080' };
  }
  return byImage(image);
}

/** JetStream's engine servers by image: MaxText's maxengine and JetStream-PyTorch. */
const jetstreamImageRe = /(?:^|\/)(?:maxengine-server|jetstream-pytorch-server)$/;

/** The container runs a JetStream engine server: by image, or a command running MaxText's maxengine_server (module or script). */
function runsJetStream(view: YamlView, container: YAMLMap, image: string): boolean {
  return jetstreamImageRe.test(image) || commandWords(view, container).some((w) => /(?:^|[./])maxengine_server(?:\.py)?$/.test(w));
}

/**
 * JetStream's engine (maxengine, JetStream-PyTorch) serves gRPC only, on 9000: its Orchestrator service's own HealthCheck
 * RPC, no standard grpc.health.v1 service (a `grpc` probe gets UNIMPLEMENTED), no HTTP. server_lib.run opens the port
 * only once the weights are loaded, so a TCP probe on it is a readiness gate. The jetstream-http sidecar GKE's examples
 * put beside it answers `/healthcheck` on 8000 by calling that RPC (in its later images).
 */
function jetstreamEndpoint(view: YamlView, pod: PodSpecRef, container: YAMLMap): ReadinessEndpoint {
  const http = pod.containers.some((c) => /(?:^|\/)jetstream-http$/.test(imageRepository(view.text(c.node, 'image') ?? '')));
  const endpoint = withCommandPort('', '9000', flagValue(commandWords(view, container), '--port'));
  return { ...endpoint, tcp: true, ...(http ? { sidecar: { path: '/healthcheck', port: '8000' } } : {}) };
}

/** Where the container's server reports readiness, `/health` when the server is not known (a model server's usual path). */
export function readinessEndpoint(obj: KubeObject, pod: PodSpecRef, container: YAMLMap, image: string): ReadinessEndpoint {
  // JetStream's own HTTP server (jetstream.entrypoints.http.api_server) answers /v1/health on --port (8080).
  const words = commandWords(obj.view, container);
  if (words.some((w) => /jetstream[./]entrypoints[./]http[./]api_server(?:\.py)?$/.test(w))) {
    return withCommandPort('/v1/health', '8080', flagValue(words, '--port'));
  }
  if (runsJetStream(obj.view, container, image)) {
    return jetstreamEndpoint(obj.view, pod, container);
  }
  return serverEndpoint(obj, pod, container, image, (repository) => knownImageEndpoint(repository) ?? healthEndpoint(obj.view, container, repository, words));
}

/** Where the container's server reports readiness when it is a known model server (TF Serving on CPUs, Triton…); else undefined. */
export function knownServerEndpoint(obj: KubeObject, pod: PodSpecRef, container: YAMLMap, image: string): ReadinessEndpoint | undefined {
  return serverEndpoint(obj, pod, container, image, knownImageEndpoint);
}

/** The probe's port: the one the command sets, else the server's default when the container declares it (TF Serving's REST 8501 beside gRPC 8500), else the first declared. */
export function probePort(view: YamlView, container: YAMLMap, endpoint: ReadinessEndpoint): string {
  if (endpoint.commandPort !== undefined) {
    return endpoint.commandPort;
  }
  const declared = view.list(view.get(container, 'ports')).map((p) => view.str(view.get(p, 'containerPort')));
  return declared.includes(endpoint.port) ? endpoint.port : (declared[0] ?? endpoint.port);
}
