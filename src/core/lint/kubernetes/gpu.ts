import type { Node, Pair } from 'yaml';
import type { YamlView } from '../yaml/access';
import { derivation } from '../yaml/access';
import type { ClusterProfile } from './settings';
import type { ContainerRef, KubeObject, PodSpecRef } from './model';
import { parseQuantity } from './quantity';
import { memoByString } from '../string-memo';
import { isGpuExporter } from '../single-process-servers';
import { argoParameterMaximum, isArgoParameterReference } from './argo-workflow-pods';
import { isTemplatePlaceholder } from '../placeholders';
import { startsLmDeployOrSglangServer } from '../server-commands';
import { distance } from '../../schemas/suggest';
import { kaiSharedGpus, kaiSharesGpu, koordinatorGpus, koordinatorPrefix } from './gpu-sharing-schedulers';
import { commandWords as scriptWords } from '../command-words';
import { wordsBesideClusterClients } from '../cluster-client-words';
import { parseImageRef } from '../dockerfile/image-ref';
import { afterLastSlash } from '../after-last-slash';

/** §1.4 accelerator resources, plus `cluster.acceleratorResources`. */
export function isAcceleratorResource(name: string, cluster: ClusterProfile): boolean {
  if (cluster.acceleratorResources.includes(name)) {
    return true;
  }
  // Every built-in accelerator name has a vendor domain; cpu, memory and the like have none.
  if (!name.includes('.')) {
    return false;
  }
  return (
    name === 'nvidia.com/gpu' ||
    name === 'nvidia.com/gpu.shared' ||
    /^nvidia\.com\/mig-[0-9a-z.-]+$/.test(name) ||
    name === 'amd.com/gpu' ||
    isAmdPartitionResource(name) ||
    /^gpu\.intel\.com\/[a-z0-9_.-]+$/.test(name) ||
    name === 'google.com/tpu' ||
    /^aws\.amazon\.com\/neuron[a-z]*$/.test(name) ||
    name === 'habana.ai/gaudi' ||
    // GPU counts of GPU-sharing schedulers: Volcano vGPU and Alibaba Cloud cGPU.
    name === 'volcano.sh/vgpu-number' ||
    name === 'aliyun.com/gpu-count' ||
    isRenamedGpuResource(name)
  );
}

/**
 * A partition of an AMD Instinct GPU, which AMD's device plugin advertises under its compute and memory partition modes
 * with the `mixed` resource naming strategy (`amd.com/cpx_nps4`, `amd.com/spx_nps1`): a GPU like NVIDIA's MIG slices.
 */
function isAmdPartitionResource(name: string): boolean {
  return /^amd\.com\/(?:spx|dpx|tpx|qpx|cpx)_nps[124]$/.test(name);
}

/**
 * A GPU advertised under its product's name: by a device plugin configured to rename GPUs (the National Research
 * Platform's `nvidia.com/a40`, `nvidia.com/rtxa6000`) or by KubeVirt's passthrough plugin (`nvidia.com/GA102GL_A10`).
 * A GPU all the same, though only such clusters advertise it (MLK404 says so).
 */
export function isRenamedGpuResource(name: string): boolean {
  return /^nvidia\.com\/(?:(?:rtx-?)?a\d{1,4}[a-z]?|rtx-?\d{4}(?:ti)?|(?:[bhlptv]\d{1,3}|k\d{2})[a-z]?|gh200|gb200|l40s?|titan[a-z0-9-]*)(?:-\d+gb)?$/i.test(name) || /^nvidia\.com\/[A-Z]{2,3}\d{3}[A-Z]*_[A-Za-z0-9_]+$/.test(name);
}

/**
 * Looks like an accelerator (MLK404's trigger, before known names are set aside). Under nvidia.com, only names near
 * `gpu` (`gpus`, `gup`): NVIDIA's Network Operator advertises its SR-IOV and host-device NICs there too
 * (`nvidia.com/hostdev`, `nvidia.com/sriov_rdma`, whatever resourceName its policy gives them).
 */
export function looksLikeAccelerator(name: string): boolean {
  // AMD's Network Operator advertises its AI NICs as amd.com/nic (physical functions) and amd.com/vnic (virtual ones).
  if (name === 'amd.com/nic' || name === 'amd.com/vnic') {
    return false;
  }
  if (/gpu|amd\.com|mig|tpu|neuron/i.test(name)) {
    return true;
  }
  const nvidia = /^nvidia(?:\.com)?\/(.*)$/i.exec(name);
  return nvidia !== null && (nvidia[1] ?? '').length <= 5 && distance((nvidia[1] ?? '').toLowerCase(), 'gpu') <= 2;
}

export const knownAcceleratorNames = ['nvidia.com/gpu', 'nvidia.com/gpu.shared', 'amd.com/gpu', 'gpu.intel.com/i915', 'gpu.intel.com/xe', 'google.com/tpu', 'aws.amazon.com/neuron', 'aws.amazon.com/neuroncore', 'habana.ai/gaudi'];

/** One entry of a container's `resources.limits` or `resources.requests`. */
export interface ResourceEntry {
  name: string;
  pair: Pair;
  /** The quantity node (aliases followed); the key when the value is empty. */
  value: Node;
}

function sectionEntries(view: YamlView, container: Node, section: 'limits' | 'requests'): ResourceEntry[] {
  const out: ResourceEntry[] = [];
  for (const pair of view.pairs(view.get(view.get(container, 'resources'), section))) {
    const name = view.keyOf(pair);
    if (name !== undefined) {
      out.push({ name, pair, value: (view.resolve(pair.value) ?? pair.key) as Node });
    }
  }
  return out;
}

const limitEntries = derivation((view, container: Node) => sectionEntries(view, container, 'limits'));
const requestEntries = derivation((view, container: Node) => sectionEntries(view, container, 'requests'));

/** `resources.<section>` entries of a container, in order (scalar keys only). Shared: do not modify. */
export function resourceEntries(view: YamlView, container: Node, section: 'limits' | 'requests'): readonly ResourceEntry[] {
  return view.derive(section === 'limits' ? limitEntries : requestEntries, container);
}

/** Per-cluster memo of a value derived from a key (the rules of a document share one cluster profile). */
export function byCluster<K, T>(compute: (view: YamlView, key: K, cluster: ClusterProfile) => T): (view: YamlView, key: K, cluster: ClusterProfile) => T {
  const slot = derivation((): { cluster?: ClusterProfile; value?: T } => ({}));
  return (view, key, cluster) => {
    const memo = view.derive(slot, key);
    if (memo.cluster === cluster) {
      return memo.value as T;
    }
    const value = compute(view, key, cluster);
    if (memo.cluster === undefined) {
      memo.cluster = cluster;
      memo.value = value;
    }
    return value;
  };
}

/**
 * A count an Argo workflow fills in from a parameter when it makes the pod (`"{{inputs.parameters.gpus}}"`): the
 * largest the document gives it (argoParameterMaximum), else Infinity (the template asks for some, how many unknown).
 */
const workflowParameterCount = derivation((view, reference: string): number => argoParameterMaximum(view, reference) ?? Number.POSITIVE_INFINITY);

/** An accelerator quantity: a number (a workflow parameter's, see workflowParameterCount), undefined when unreadable. */
function acceleratorQuantity(view: YamlView, value: unknown): number | undefined {
  return parseQuantity(value) ?? (isArgoParameterReference(value) ? view.derive(workflowParameterCount, value) : isTemplatePlaceholder(value) ? Number.POSITIVE_INFINITY : undefined);
}

/**
 * Accelerator count a container asks for in `limits` (> 0 counts as a GPU workload, §1.4), else the GPUs and other
 * accelerators it claims through DRA (`draGpus`, `draAccelerators`); Infinity when a count is a workflow parameter.
 */
export function acceleratorLimit(view: YamlView, container: ContainerRef, cluster: ClusterProfile): number {
  const limit = limitedAccelerators(view, container, cluster);
  return limit > 0 ? limit : (container.draGpus ?? 0) + (container.draAccelerators ?? 0);
}

/** The accelerators a container's `limits` ask for (DRA claims aside), with the GPUs Koordinator's DeviceShare resources share. */
const limitedAccelerators = byCluster((view: YamlView, container: ContainerRef, cluster: ClusterProfile): number => {
  let total = 0;
  let koordinator = false;
  const entries = resourceEntries(view, container.node, 'limits');
  for (const { name, value } of entries) {
    if (isAcceleratorResource(name, cluster)) {
      const q = acceleratorQuantity(view, view.scalar(value)?.value);
      if (q !== undefined && q > 0) {
        total += q;
      }
    }
    koordinator ||= name.startsWith(koordinatorPrefix);
  }
  return koordinator ? total + koordinatorGpus(view, entries) : total;
});

/** The container works on an accelerator: a limit (or DRA claim), or, given its pod, the KAI Scheduler share of a GPU it gets. */
export function isGpuContainer(view: YamlView, container: ContainerRef, cluster: ClusterProfile, pod?: PodSpecRef): boolean {
  return acceleratorLimit(view, container, cluster) > 0 || (pod !== undefined && kaiSharedGpus(view, pod, container) > 0);
}

/** The pod runs a GPU workload: a container asks for an accelerator (or Koordinator's GPU share), or KAI Scheduler gives it a share of a GPU. */
export const podRequestsAccelerator = byCluster(
  (view: YamlView, pod: PodSpecRef, cluster: ClusterProfile): boolean =>
    pod.containers.some((c) => {
      if (isGpuContainer(view, c, cluster)) {
        return true;
      }
      const requests = resourceEntries(view, c.node, 'requests');
      return requests.some((e) => isAcceleratorResource(e.name, cluster) && (acceleratorQuantity(view, view.scalar(e.value)?.value) ?? 0) > 0) || (requests.some((e) => e.name.startsWith(koordinatorPrefix)) && koordinatorGpus(view, requests) > 0);
    }) || kaiSharesGpu(view, pod),
);

/**
 * The pod claims devices through Dynamic Resource Allocation (`spec.resourceClaims`, containers' `resources.claims`):
 * a GPU from a DRA driver (NVIDIA's gpu.nvidia.com) is requested there, not as an extended resource. Which device the
 * claim's template asks for is in another object, so a claim is taken as a possible accelerator.
 */
export function podClaimsDevices(view: YamlView, pod: PodSpecRef): boolean {
  return view.list(view.get(pod.spec, 'resourceClaims')).length > 0 || pod.containers.some((c) => view.list(view.at(c.node, ['resources', 'claims'])).length > 0);
}

/** The pod's GPUs all come from DRA resource claims (no container has an accelerator limit): device classes choose the GPU, not node labels or a runtime class. */
export function gpusFromClaimsOnly(view: YamlView, pod: PodSpecRef, cluster: ClusterProfile): boolean {
  return pod.containers.some((c) => (c.draGpus ?? 0) > 0) && pod.containers.every((c) => limitedAccelerators(view, c, cluster) === 0);
}

const resourceSections = ['limits', 'requests'] as const;

/** The accelerator resources a container names in `limits` and `requests`, with those its DRA claims stand for (`aws.amazon.com/neuron`); read once per container, as several rules ask. Shared: do not modify. */
const namedAccelerators = byCluster((view: YamlView, c: ContainerRef, cluster: ClusterProfile): readonly string[] => {
  const names: string[] = [];
  for (const section of resourceSections) {
    for (const e of resourceEntries(view, c.node, section)) {
      if (isAcceleratorResource(e.name, cluster)) {
        names.push(e.name);
      }
    }
  }
  for (const name of c.draAcceleratorResources ?? []) {
    names.push(name);
  }
  return names;
});

/** What the pods' accelerators are called in messages: TPUs, another non-GPU accelerator (Neuron, Gaudi), else GPUs. */
export type AcceleratorNoun = 'GPU' | 'TPU' | 'accelerator';

const nonGpuAcceleratorRe = /^(?:google\.com\/tpu|aws\.amazon\.com\/neuron[a-z]*|habana\.ai\/gaudi)$/;

/** How messages name the accelerators of these pods: `TPU` when all are TPUs, `accelerator` when none is a GPU, else `GPU`. */
export function acceleratorNoun(view: YamlView, pods: readonly PodSpecRef[], cluster: ClusterProfile): AcceleratorNoun {
  const names = new Set<string>();
  for (const pod of pods) {
    for (const c of pod.containers) {
      if ((c.draGpus ?? 0) > 0) {
        return 'GPU';
      }
      namedAccelerators(view, c, cluster).forEach((name) => names.add(name));
    }
  }
  if (names.size === 0 || [...names].some((n) => !nonGpuAcceleratorRe.test(n))) {
    return 'GPU';
  }
  return [...names].every((n) => n === 'google.com/tpu') ? 'TPU' : 'accelerator';
}

/** Accelerators that NVIDIA's container runtime, its node labels and its visible-devices variables have no part in: AMD and Intel GPUs, TPUs, Neuron, Gaudi. */
const otherVendorAcceleratorRe = /^(?:amd\.com\/|gpu\.intel\.com\/|google\.com\/tpu$|aws\.amazon\.com\/neuron|habana\.ai\/gaudi$)/;

/** The collective-communication library of each accelerator vendor, as messages name it. */
export type CollectiveLibrary = 'NCCL' | 'RCCL' | 'oneCCL' | 'HCCL' | 'Neuron' | 'XLA';

/** The library a built-in accelerator resource's collectives run on; undefined for a cluster's own resource names. */
function collectiveLibraryOf(name: string): CollectiveLibrary | undefined {
  if (name.startsWith('amd.com/')) {
    return 'RCCL';
  }
  if (name.startsWith('gpu.intel.com/')) {
    return 'oneCCL';
  }
  if (name === 'habana.ai/gaudi') {
    return 'HCCL';
  }
  if (name.startsWith('aws.amazon.com/neuron')) {
    return 'Neuron';
  }
  if (name === 'google.com/tpu') {
    return 'XLA';
  }
  // NVIDIA's names, renamed NVIDIA GPUs, and the GPU-sharing schedulers' counts (Volcano vGPU, Alibaba cGPU: NVIDIA GPUs).
  return name.startsWith('nvidia.com/') || name === 'volcano.sh/vgpu-number' || name === 'aliyun.com/gpu-count' ? 'NCCL' : undefined;
}

/**
 * The collective library the pods' accelerators run (RCCL on AMD GPUs, oneCCL on Intel's, HCCL on Gaudi, Neuron's
 * collectives, XLA's over the TPU interconnect); NCCL when they name no accelerator or claim GPUs through DRA, as the
 * messages always said; undefined when vendors mix or a cluster-specific resource leaves it unknown. For the reporting
 * path: call it once a finding exists.
 */
export function collectiveLibrary(view: YamlView, pods: readonly PodSpecRef[], cluster: ClusterProfile): CollectiveLibrary | undefined {
  let found: CollectiveLibrary | undefined;
  let any = false;
  for (const pod of pods) {
    for (const c of pod.containers) {
      for (const name of namedAccelerators(view, c, cluster)) {
        const library = collectiveLibraryOf(name);
        if (library === undefined || (any && library !== found)) {
          return undefined;
        }
        found = library;
        any = true;
      }
      if ((c.draGpus ?? 0) > 0) {
        if (any && found !== 'NCCL') {
          return undefined;
        }
        found = 'NCCL';
        any = true;
      }
    }
  }
  return any ? found : 'NCCL';
}

/**
 * The pod's accelerators all come from vendors other than NVIDIA (AMD, Intel, Google's TPUs, AWS Neuron, Gaudi): it
 * asks for at least one, claims no GPU through DRA and names no NVIDIA (or cluster-specific) accelerator resource.
 */
export function otherVendorAcceleratorsOnly(view: YamlView, pod: PodSpecRef, cluster: ClusterProfile): boolean {
  let any = false;
  for (const c of pod.containers) {
    if ((c.draGpus ?? 0) > 0) {
      return false;
    }
    for (const name of namedAccelerators(view, c, cluster)) {
      if (!otherVendorAcceleratorRe.test(name)) {
        return false;
      }
      any = true;
    }
  }
  return any;
}

/** Any pod of the object runs a GPU workload. */
export function objectRequestsAccelerator(obj: KubeObject, cluster: ClusterProfile): boolean {
  return obj.podSpecs.some((p) => podRequestsAccelerator(obj.view, p, cluster));
}

const blankRe = /\s/;

const containerCommandWords = derivation((view, container: Node): string[] => {
  const words: string[] = [];
  for (const key of ['command', 'args']) {
    for (const item of view.list(view.get(container, key))) {
      const s = view.str(item);
      if (s === undefined || s === '') {
        continue;
      }
      // The runs between blanks (what splitting on /\s+/ and dropping empty words gives); most items are one word.
      if (!blankRe.test(s)) {
        words.push(s);
        continue;
      }
      for (const word of s.match(/\S+/g) ?? []) {
        words.push(word);
      }
    }
  }
  return words;
});

/** The container's command + args, as words. Shared: do not modify. */
export function commandWords(view: YamlView, container: Node): string[] {
  return view.derive(containerCommandWords, container);
}

/*
 * The tests below read each word once, its program name without its directory (`/usr/local/bin/torchrun` → `torchrun`),
 * without arrays of program names: they run on every container's command words, several times per container.
 */

/** Distributed-launcher commands (training). */
export function isDistributedLauncher(words: readonly string[]): boolean {
  for (let k = 0; k < words.length; k++) {
    const word = words[k] as string;
    const name = afterLastSlash(word);
    if (name === 'torchrun' || name === 'deepspeed' || (name === 'accelerate' && afterLastSlash(words[k + 1] ?? '') === 'launch') || (word === '-m' && (words[k + 1] ?? '').startsWith('torch.distributed'))) {
      return true;
    }
  }
  return false;
}

/** Serving entry points: `vllm serve`, `python -m vllm.entrypoints…`, TGI's launcher, Triton. */
export function isServingCommand(words: readonly string[]): boolean {
  for (let k = 0; k < words.length; k++) {
    const word = words[k] as string;
    const name = afterLastSlash(word);
    if ((name === 'vllm' && afterLastSlash(words[k + 1] ?? '') === 'serve') || name === 'text-generation-launcher' || name === 'tritonserver' || (word === '-m' && (words[k + 1] ?? '').startsWith('vllm.entrypoints'))) {
      return true;
    }
  }
  return false;
}

/**
 * §1.4 "ML command": a distributed launcher or a serving/training entry point. The words a cluster client takes name
 * objects, not programs (`kubectl rollout restart deployment/vllm` runs no vLLM here).
 */
export function isMlCommand(words: readonly string[]): boolean {
  return runsMlProgram(wordsBesideClusterClients(words));
}

function runsMlProgram(words: readonly string[]): boolean {
  if (isDistributedLauncher(words)) {
    return true;
  }
  for (let k = 0; k < words.length; k++) {
    const word = words[k] as string;
    const name = afterLastSlash(word);
    if (name === 'vllm' || name === 'text-generation-launcher' || name === 'tritonserver' || (word === '-m' && (words[k + 1] ?? '').startsWith('vllm.')) || (name === 'ray' && afterLastSlash(words[k + 1] ?? '') === 'start')) {
      return true;
    }
  }
  return false;
}

const servingImages = ['vllm/vllm-openai', 'huggingface/text-generation-inference', 'huggingface/text-embeddings-inference', 'nvidia/tritonserver', 'ollama/ollama'];

function repositoryOf(image: string): string {
  const at = image.indexOf('@');
  let rest = at >= 0 ? image.slice(0, at) : image;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const host = rest.slice(0, slash);
    if (host === 'localhost' || host.includes('.') || host.includes(':')) {
      return rest.slice(slash + 1);
    }
  }
  return rest;
}

/** Repository path of an image reference without registry host, tag or digest (enough for matching known images). */
export const imageRepository = memoByString(repositoryOf);

const servingImageSuffixes = servingImages.map((s) => `/${s}`);

/**
 * Serving images re-hosted under other names keep the last segment (`aibrix/vllm-openai`, `…/tritonserver`,
 * `lmsysorg/sglang`). vLLM's CPU builds (`vllm/vllm-openai-cpu`, `…/vllm-cpu-release-repo`) run the same server, and
 * every build of Hugging Face's TEI (`cpu-`, `turing-`, `hopper-`… tags) runs its router on the model MODEL_ID names.
 */
const servingImageNames = new Set(['vllm-openai', 'vllm-openai-cpu', 'vllm-cpu-release-repo', 'vllm-arm64-cpu-release-repo', 'tritonserver', 'text-generation-inference', 'text-embeddings-inference', 'sglang']);

/** LocalAI's images (`localai/localai`, `quay.io/go-skynet/local-ai`) and images named for it: its server's entry point runs unless a command replaces it. */
export const localAiRepository = /(?:^|\/)local-?ai$/;

/** NVIDIA NIM (`nvcr.io/nim/<org>/<model>`): every image under `nim/` is an inference microservice. */
export function isNimRepository(repo: string): boolean {
  return repo.startsWith('nim/');
}

/** Triton's client SDK image (`tritonserver:24.06-py3-sdk`: client libraries, perf_analyzer and GenAI-Perf), which runs no server. */
export const isTritonSdkImage = memoByString((image: string): boolean => {
  if (!imageRepository(image).endsWith('tritonserver')) {
    return false;
  }
  const parsed = parseImageRef(image.trim());
  return parsed.ok && parsed.ref.tag?.endsWith('-sdk') === true;
});

const servingRepository = memoByString((image: string): boolean => {
  if (isTritonSdkImage(image)) {
    return false;
  }
  const repo = imageRepository(image);
  if (isNimRepository(repo) || servingImages.includes(repo) || servingImageSuffixes.some((s) => repo.endsWith(s)) || localAiRepository.test(repo)) {
    return true;
  }
  const name = afterLastSlash(repo);
  // Google's Deep Learning Containers: huggingface-text-generation-inference-cu121.2-2.ubuntu2204.py310, huggingface-text-embeddings-inference-cu122.1-4.ubuntu2204.
  return servingImageNames.has(name) || name.startsWith('huggingface-text-generation-inference') || name.startsWith('huggingface-text-embeddings-inference');
});

export function isServingImage(image: string | undefined): boolean {
  return image !== undefined && servingRepository(image);
}

const gpuExporterImage = memoByString((image: string): boolean => isGpuExporter(imageRepository(image)));

/** A GPU metrics exporter (dcgm-exporter, nvidia_gpu_exporter): it reads NVML counters, runs no CUDA work and serves no model. */
export function isGpuExporterImage(image: string | undefined): boolean {
  return image !== undefined && gpuExporterImage(image);
}

/**
 * Its command and args as a script's words (command-words.ts: a line break ends a command) less what cluster clients
 * take, run only if the words as split on blanks run one too.
 */
const mlCommand = derivation((view, container: Node): boolean => {
  if (!runsMlProgram(commandWords(view, container))) {
    return false;
  }
  const script = scriptWords(view, [view.list(view.get(container, 'command')), view.list(view.get(container, 'args'))]);
  return runsMlProgram(wordsBesideClusterClients(script.map((w) => w.text)));
});

/** The container's command is an ML command (§1.4), decided once per document. */
export function runsMlCommand(view: YamlView, container: Node): boolean {
  return view.derive(mlCommand, container);
}

// LMDeploy and SGLang stay out of isServingCommand: its other caller, MLC409, reads their models itself.
const servingCommand = derivation((_view, words: readonly string[]) => isServingCommand(words) || startsLmDeployOrSglangServer(words));

/** What a container's image and command say of serving: not (a GPU exporter), yes (a serving image or command), or it depends on its GPU and ports. */
type ServingByImage = 'no' | 'yes' | 'undecided';

const servingByImage = derivation((view, container: Node): ServingByImage => {
  const image = view.text(container, 'image');
  if (isGpuExporterImage(image)) {
    return 'no';
  }
  if (isServingImage(image)) {
    // A command replaces the image's server: one that starts none runs something else (LMCache's proxy on the vLLM image).
    return view.get(container, 'command') === undefined || containerStartsServer(view, container) ? 'yes' : 'undecided';
  }
  return view.derive(servingCommand, commandWords(view, container)) ? 'yes' : 'undecided';
});

/** Programs and Python modules of model servers: vLLM, SGLang, TGI, TEI, Triton, TensorRT-LLM, LMDeploy, llama.cpp, Ollama, LocalAI. */
const serverWordRe = /(?:^|\/)(?:vllm|sglang|text-generation-launcher|text-embeddings-router|tritonserver|trtllm-serve|lmdeploy|llama-server|ollama|local-ai)$|^(?:vllm|sglang|lmdeploy)\./;

/** The command starts a model server (`vllm serve`, `python -m sglang.launch_server`, `/opt/tritonserver/bin/tritonserver`). */
export function startsServer(words: readonly string[]): boolean {
  return isServingCommand(words) || words.some((w) => serverWordRe.test(w));
}

const serverStart = derivation((view, container: Node): boolean => startsServer(commandWords(view, container)));

/** startsServer of the container's command words, once per container (MLK104, MLK419 and the serving reads ask). */
export function containerStartsServer(view: YamlView, container: Node): boolean {
  return view.derive(serverStart, container);
}

/** §1.4 "serving container": GPU in a long-running workload with a containerPort, a known serving image, or a serving command. */
export function isServingContainer(obj: KubeObject, container: ContainerRef, cluster: ClusterProfile): boolean {
  if (container.kind !== 'containers') {
    return false;
  }
  const view = obj.view;
  const byImage = view.derive(servingByImage, container.node);
  if (byImage !== 'undecided') {
    return byImage === 'yes';
  }
  const longRunning = obj.workload === 'controller' || obj.workload === 'serving' || obj.workload === 'pod';
  return longRunning && isGpuContainer(view, container, cluster) && view.list(view.get(container.node, 'ports')).some((port) => !isNotebookPort(view, port));
}

/** Jupyter's and TensorBoard's ports (by number or name): a GPU container that listens only there is a notebook, not a model server. */
function isNotebookPort(view: YamlView, port: Node): boolean {
  const name = view.text(port, 'name');
  const number = view.scalar(view.get(port, 'containerPort'))?.value;
  return (name !== undefined && /^(?:jupyter|notebook|tensorboard)$/i.test(name)) || number === 8888 || number === 6006;
}
