import { memoByString } from './string-memo';

/**
 * Single-process model servers (and vector databases that index on a GPU) that leave /dev/shm alone (no DataLoader
 * workers, no NCCL): MLK405's and MLC405's default allow-list, each configurable via options.allowImages. The GPU count
 * does not matter: these servers split a model over several GPUs inside one process. Also speech synthesis servers
 * (AllTalk, XTTS's API and streaming servers, ChatTTS), SD.Next, Infinity's embedding and reranking server (a model
 * replica per GPU in one process), Frigate's NVR (a detector on the GPU; its docs size /dev/shm per camera), Open WebUI
 * under its unhyphenated name too (`openwebui:gpu` images bundling Ollama), Qdrant's GPU images, which build HNSW
 * indexes with Vulkan inside the one Qdrant process, and RAGFlow, whose task executors run DeepDoc's OCR and layout
 * models with onnxruntime, one session per GPU in each process (embeddings go to a separate TEI service). Also
 * KoboldCpp (llama.cpp behind a Python server in one process; its admin mode restarts that process to swap models),
 * FaceFusion (onnxruntime sessions run from a thread pool, `--execution-thread-count`), and SwarmUI, whose GPU work runs in
 * the ComfyUI backends it starts, one process per GPU, driven over HTTP.
 */
export const singleProcessServers: readonly string[] = [
  'ollama', 'llama.cpp', 'llama-cpp', 'llamacpp', 'comfyui', 'open-webui', 'whisper', 'stable-diffusion-webui', 'automatic1111', 'fooocus', 'invokeai',
  'text-generation-webui', 'exllama', 'exllamav2', 'immich-machine-learning', 'milvus', 'speaches', 'piper', 'kokoro', 'openedai-speech', 'llama-swap', 'comfy',
  'wyoming', 'libretranslate', 'text-embeddings-inference', 'sygil', 'fasterwhisper', 'alltalk', 'xtts', 'chattts', 'sdnext', 'sd-next',
  'infinity', 'frigate', 'openwebui', 'qdrant', 'ragflow', 'koboldcpp', 'facefusion', 'swarmui',
];

const escapeRe = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const wordPatterns = new Map<string, RegExp>();

/** A name matches a whole word of the image repository (`comfyui` in `wclu6/comfyui_docker`, `ollama/ollama` in itself). */
export function namesImage(repository: string, name: string): boolean {
  let re = wordPatterns.get(name);
  if (!re) {
    re = new RegExp(`(?:^|[/_.-])${escapeRe(name)}(?:$|[/_.-])`, 'i');
    if (wordPatterns.size < 256) {
      wordPatterns.set(name, re);
    }
  }
  return re.test(repository);
}

/**
 * Media servers and transcoders (Jellyfin, Plex, Emby, Tdarr, HandBrake, Unmanic, Immich's server): they reserve a GPU
 * for NVENC/NVDEC video work, never for DataLoader workers, NCCL or RDMA pinning. Whole words of the image repository,
 * as namesImage.
 */
const mediaServers: readonly string[] = ['jellyfin', 'plex', 'pms-docker', 'emby', 'tdarr', 'handbrake', 'unmanic', 'immich-server', 'nomercymediaserver'];

export function isMediaServer(repository: string): boolean {
  return repository !== '' && mediaServers.some((name) => namesImage(repository, name));
}

/**
 * GPU metrics exporters (NVIDIA's dcgm-exporter, nvidia_gpu_exporter, AMD's rocm/device-metrics-exporter): they request
 * every GPU to read its counters (NVML, AMD SMI) and run no GPU work, so no /dev/shm, NCCL or RDMA pinning. Whole words
 * of the image repository, as namesImage.
 */
const gpuExporters: readonly string[] = ['dcgm-exporter', 'nvidia_gpu_exporter', 'nvidia-gpu-exporter', 'device-metrics-exporter'];

export function isGpuExporter(repository: string): boolean {
  return repository !== '' && gpuExporters.some((name) => namesImage(repository, name));
}

/**
 * GPU smoke tests and validators (Kubernetes' cuda-vector-add, NVIDIA's cuda-sample and nvidia/samples vectorAdd or nbody,
 * the GPU Operator's validator, gpu-burn's stress test): CUDA samples in one process, no DataLoader workers, NCCL or RDMA
 * pinning, no model.
 */
const gpuSmokeTests: readonly string[] = ['cuda-vector-add', 'cuda-sample', 'gpu-operator-validator', 'gpu-burn', 'gpu_burn'];

/** Decided once per image repository: it tries a pattern per smoke test's name. */
export const isGpuSmokeTest = memoByString((repository: string): boolean => repository !== '' && (gpuSmokeTests.some((name) => namesImage(repository, name)) || /(?:^|\/)nvidia\/samples$/.test(repository)));

/**
 * The pause image (registry.k8s.io/pause, EKS Distro's, the old pause-amd64): a container that runs nothing and writes
 * nothing. Cluster-autoscaler and Karpenter examples use it to hold a GPU (to bring up a node, or as overprovisioning
 * headroom), so it needs no /dev/shm and no disk, though its GPU request and scheduling still matter.
 */
export function isPausePlaceholder(repository: string): boolean {
  // Also Kubernetes' perf-tests `sleep` image, which Kueue's and GKE's GPU queueing examples run for a set time, and
  // Run:ai's reservation pod, which holds a GPU that fractional GPU pods then share.
  return /(?:^|\/)pause(?:-(?:amd64|arm64))?$|(?:^|\/)k8s-staging-perf-tests\/sleep$|(?:^|\/)run-ai-prod\/resource-reservation$/.test(repository);
}
