import type { YamlView } from '../yaml/access';
import { onlyChecksDevices } from '../device-checks';
import { namesImage, singleProcessServers } from '../single-process-servers';
import type { ParallelLayout, ParallelServer } from '../server-parallelism';
import { keepsToOneGpu, parallelLayout } from '../server-parallelism';
import { gpuDeviceIdRe } from './gpu-device-id';
import { serviceImage, serviceRepository } from './image';
import type { ComposeService } from './model';
import { mergedAt, mergedGet } from './model';

/** A command string split into words as Compose splits it (shell quoting: `'…'`, `"…"`, backslash escapes). */
export function shellWords(text: string): string[] {
  const out: string[] = [];
  let word: string | undefined;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote !== '') {
      if (c === quote) {
        quote = '';
      } else {
        word += c === '\\' && quote === '"' && '"\\$`'.includes(text[i + 1] ?? 'x') ? (text[++i] as string) : c;
      }
    } else if (/\s/.test(c)) {
      if (word !== undefined) {
        out.push(word);
        word = undefined;
      }
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= '';
    } else {
      word = (word ?? '') + (c === '\\' && i + 1 < text.length ? (text[++i] as string) : c);
    }
  }
  return word === undefined ? out : [...out, word];
}

/** The service's entrypoint and command as the container gets them: list items as written, strings split into words. */
function commandParts(view: YamlView, s: ComposeService): string[] {
  const parts: string[] = [];
  for (const key of ['entrypoint', 'command']) {
    const node = mergedGet(view, s, key);
    if (view.seq(node)) {
      parts.push(...view.items(node).map((i) => view.str(i) ?? ''));
    } else {
      parts.push(...shellWords(view.str(node) ?? ''));
    }
  }
  return parts;
}

/**
 * A GPU monitor: its command runs `nvidia-smi` (amd-smi, rocm-smi…) and otherwise only shell utilities, loops and
 * package installs (`sh -c "apt-get install -y curl && while true; do nvidia-smi … > stats.csv; sleep 10; done"`).
 * Like dcgm-exporter, it reads counters and runs no CUDA work.
 */
export function monitorsGpus(view: YamlView, s: ComposeService): boolean {
  return onlyChecksDevices(commandParts(view, s), true);
}

/** The value the service's `environment` (list or map form, the last entry winning) gives a variable: null when it passes the host's on, undefined when it names none. */
export function environmentValue(view: YamlView, s: ComposeService, name: string): string | null | undefined {
  const env = mergedGet(view, s, 'environment');
  if (view.pair(env, name)) {
    return view.text(env, name) ?? null;
  }
  let value: string | null | undefined;
  for (const item of view.items(env)) {
    const text = view.str(item) ?? '';
    if (text === name || text.startsWith(`${name}=`)) {
      value = text === name ? null : text.slice(name.length + 1);
    }
  }
  return value;
}

/** The service's `environment` entries (map or `NAME=value` list) as name and value, as written; no value when it passes the host's on. */
export function environmentEntries(view: YamlView, s: ComposeService): { name: string; value?: string }[] {
  const env = mergedGet(view, s, 'environment');
  const out: { name: string; value?: string }[] = [];
  for (const p of view.pairs(env)) {
    const value = view.str(p.value);
    out.push(value === undefined ? { name: view.keyOf(p) ?? '' } : { name: view.keyOf(p) ?? '', value });
  }
  for (const item of view.items(env)) {
    const text = view.str(item);
    const equals = text?.indexOf('=') ?? -1;
    if (text !== undefined) {
      out.push(equals < 0 ? { name: text } : { name: text.slice(0, equals), value: text.slice(equals + 1) });
    }
  }
  return out;
}

const vllmImageRe = /(?:^|\/)vllm-openai$/;
/** NGC's vLLM container (`nvcr.io/nvidia/vllm`): given only flags as its command (`--model …`), it runs vLLM with them. */
const ngcVllmImageRe = /(?:^|\/)nvidia\/vllm$/;

const serverNames: Readonly<Record<string, ParallelServer>> = { vllm: 'vLLM', sglang: 'SGLang', lmdeploy: 'LMDeploy' };

/** vLLM, SGLang or LMDeploy started by the command (`vllm serve`, `python -m sglang.launch_server`), or a vLLM image running its own entrypoint. */
function modelServer(words: readonly string[], entrypoint: boolean, repository: string): ParallelServer | undefined {
  for (const [k, w] of words.entries()) {
    const program = w.slice(w.lastIndexOf('/') + 1);
    const next = words[k + 1] ?? '';
    if ((program === 'vllm' || program === 'sglang' || program === 'lmdeploy') && next === 'serve') {
      return serverNames[program];
    }
    if (w === '-m' && (next.startsWith('vllm.entrypoints') || next === 'sglang.launch_server')) {
      return serverNames[next.slice(0, next.indexOf('.'))];
    }
  }
  const flagsOnly = (words[0] ?? '').startsWith('-');
  return !entrypoint && (vllmImageRe.test(repository) || (flagsOnly && ngcVllmImageRe.test(repository))) ? 'vLLM' : undefined;
}

/** The model server a service starts and the words of its command line. */
interface StartedServer {
  server: ParallelServer;
  words: readonly string[];
}

/** The vLLM, SGLang or LMDeploy server the service starts (see modelServer), with its command words. */
function startedServer(view: YamlView, s: ComposeService): StartedServer | undefined {
  const words = commandParts(view, s).flatMap(shellWords);
  const server = modelServer(words, mergedGet(view, s, 'entrypoint') !== undefined, serviceRepository(view, s));
  return server === undefined ? undefined : { server, words };
}

/** A model server and the GPUs its flags make it use on its node. */
export interface ServerLayout {
  /** `vLLM`, `SGLang` or `LMDeploy`. */
  server: ParallelServer;
  layout: ParallelLayout;
}

/**
 * The GPUs the service's vLLM, SGLang or LMDeploy server uses by its flags (each size 1 by default); undefined for
 * another program, or a layout the shared reader does not read (a size left to a variable, a `--config` file, several
 * nodes: see parallelLayout).
 */
export function serverLayout(view: YamlView, s: ComposeService): ServerLayout | undefined {
  const started = startedServer(view, s);
  const layout = started === undefined ? undefined : parallelLayout(started.server, started.words, []);
  return started === undefined || layout === undefined ? undefined : { server: started.server, layout };
}

/** A CDI device name (`nvidia.com/gpu=all`): Docker injects what the CDI spec lists for it. */
const cdiNameRe = /^[\w.-]+\/[\w.-]+=/;

/**
 * The service asks Docker for devices: a device reservation, `gpus:`, or CDI names under `devices:`. Docker then
 * chooses the GPUs itself: it appends NVIDIA_VISIBLE_DEVICES for the request after the service's environment (moby's
 * setNvidiaGPUs), and the NVIDIA hook keeps the last value of a variable, so the service's own value does not narrow them.
 */
function requestsDevices(view: YamlView, s: ComposeService): boolean {
  return view.items(mergedAt(view, s, ['deploy', 'resources', 'reservations', 'devices'])).length > 0
    || mergedGet(view, s, 'gpus') !== undefined
    || view.items(mergedGet(view, s, 'devices')).some((d) => cdiNameRe.test((view.str(d) ?? '').trim()));
}

/** The service names a single device in `name`, read as written. */
function namesOneDevice(view: YamlView, s: ComposeService, name: string): boolean {
  const value = environmentValue(view, s, name);
  return typeof value === 'string' && gpuDeviceIdRe.test(value.trim());
}

/**
 * The service's programs see one GPU, whatever it reserves: CUDA_VISIBLE_DEVICES names a single device; so does
 * NVIDIA_VISIBLE_DEVICES, without CUDA_VISIBLE_DEVICES, under `runtime: nvidia` when Docker is asked for no devices
 * (see requestsDevices).
 */
export function seesOneGpu(view: YamlView, s: ComposeService): boolean {
  if (environmentValue(view, s, 'CUDA_VISIBLE_DEVICES') !== undefined) {
    return namesOneDevice(view, s, 'CUDA_VISIBLE_DEVICES');
  }
  return view.str(mergedGet(view, s, 'runtime')) === 'nvidia' && !requestsDevices(view, s) && namesOneDevice(view, s, 'NVIDIA_VISIBLE_DEVICES');
}

/**
 * The service provably uses one GPU, whatever it reserves: it sees one (seesOneGpu), or it runs vLLM, SGLang or LMDeploy
 * with every parallel size 1 (their defaults; see keepsToOneGpu). TGI shards over every GPU it sees, so it is not among them.
 */
export function usesOneGpu(view: YamlView, s: ComposeService): boolean {
  if (seesOneGpu(view, s)) {
    return true;
  }
  const started = startedServer(view, s);
  return started !== undefined && keepsToOneGpu(started.server, started.words, []);
}

/**
 * For a service that asks Docker for devices (requestsDevices) and names one GPU in NVIDIA_VISIBLE_DEVICES without
 * CUDA_VISIBLE_DEVICES: words for a finding's message saying that this does not narrow the request; else undefined.
 */
export function visibleDevicesOverridden(view: YamlView, s: ComposeService): string | undefined {
  const value = environmentValue(view, s, 'NVIDIA_VISIBLE_DEVICES');
  if (typeof value !== 'string' || !gpuDeviceIdRe.test(value.trim()) || environmentValue(view, s, 'CUDA_VISIBLE_DEVICES') !== undefined || !requestsDevices(view, s)) {
    return undefined;
  }
  return `NVIDIA_VISIBLE_DEVICES=${value.trim()} does not narrow the GPUs it reserves (Docker sets its own value for the reservation after the service's environment); reserve that GPU alone with device_ids if it should use one`;
}

/** A flag's value in a command's words: `--flag value` or `--flag=value` (the last one wins); undefined when not set. */
function flagValue(words: readonly string[], flags: readonly string[]): string | undefined {
  let value: string | undefined;
  for (const [k, w] of words.entries()) {
    const eq = w.indexOf('=');
    const flag = eq > 0 ? w.slice(0, eq) : w;
    if (flags.includes(flag)) {
      value = eq > 0 ? w.slice(eq + 1) : words[k + 1];
    }
  }
  return value;
}

const mpiLaunchers = new Set(['mpirun', 'mpiexec', 'orterun']);

/**
 * The command starts one MPI rank (`mpirun -n 1`: Triton's TensorRT-LLM backend on one GPU): one process, with no NCCL
 * peers whatever GPUs it sees. (A distributed launcher such as torchrun may take its node count from its environment.)
 */
export function startsOneMpiRank(words: readonly string[]): boolean {
  return words.some((w) => mpiLaunchers.has(basename(w.replace(/^["']+/, '')))) && flagValue(words, ['-n', '-np', '--np']) === '1';
}

/** Tags of vLLM's image built for other accelerators or the CPU (`vllm/vllm-openai:v0.9.0-rocm`). */
const otherAcceleratorTagRe = /cpu|rocm|xpu|hpu|neuron|tpu/i;

/** The service reaches a device another way: `devices:` (`/dev/dri`, a CDI name such as `nvidia.com/gpu=all`), privileged, or another runtime. */
export function reachesDevicesOtherwise(view: YamlView, s: ComposeService): boolean {
  return view.items(mergedGet(view, s, 'devices')).length > 0 || view.str(mergedGet(view, s, 'privileged')) === 'true' || mergedGet(view, s, 'runtime') !== undefined;
}

/**
 * A program that does not start without an NVIDIA GPU, by its image: an NVIDIA NIM (`nvcr.io/nim/…`) or vLLM's CUDA
 * image (`vllm/vllm-openai`, not a tag built for another accelerator); undefined for anything else, CPU-capable images
 * included, and for a service that reaches devices another way. Named as a message would.
 */
export function gpuOnlyProgram(view: YamlView, s: ComposeService): string | undefined {
  const image = serviceImage(view, s) ?? '';
  const tag = /:([^/:@]+)(?:@|$)/.exec(image)?.[1] ?? '';
  const program = /^nvcr\.io\/nim\//.test(image) ? 'an NVIDIA NIM' : /(?:^|\/)vllm\/vllm-openai$/.test(serviceRepository(view, s)) && !otherAcceleratorTagRe.test(tag) ? 'vLLM\'s CUDA image' : undefined;
  return program !== undefined && !reachesDevicesOtherwise(view, s) ? program : undefined;
}

/**
 * Weaviate's model inference modules (`text2vec-transformers` as `semitechnologies/transformers-inference`, `multi2vec-clip`,
 * `reranker-transformers`, …): one uvicorn process that runs the model with `ENABLE_CUDA=1` on one GPU, no DataLoader workers.
 */
const weaviateModules = ['transformers-inference', 'multi2vec-clip', 'multi2vec-bind', 'reranker-transformers', 'img2vec-pytorch', 'qna-transformers', 'ner-transformers', 'sum-transformers'].map((m) => `semitechnologies/${m}`);

/**
 * MLC405's default allow-list and MLC408's single-process servers: the shared list and `tts` as a whole word
 * (erew123/alltalk_tts's `joshxt/alltalk_tts`, `ghcr.io/coqui-ai/tts`), which Compose rules can tell from a TTS model
 * trained under a launcher (runsTraining, isDistributedLauncher) and the Kubernetes rules cannot by the image alone.
 * Also one-process GPU video pipelines and renderers: DeepStream and what is built on it (`nvcr.io/nvidia/deepstream`,
 * `deepstream-l4t`, Savant's `savant-deepstream` modules and `savant-adapters-deepstream` sinks: a GStreamer pipeline
 * with TensorRT in process), the CARLA simulator's Unreal server (`carlasim/carla`), Weaviate's inference modules, and
 * docling-serve (`ghcr.io/docling-project/docling-serve-cu124`: one uvicorn process whose local orchestrator runs the
 * layout, table and OCR models in process on one device): no DataLoader workers, no NCCL.
 */
export const singleProcessNames: readonly string[] = [...singleProcessServers, 'tts', 'deepstream', 'carlasim', ...weaviateModules, 'docling-serve'];

/** ASGI/WSGI servers and app runners that serve one app (`uvicorn main:app`, `python -m streamlit run app.py`). */
const webServers = new Set(['uvicorn', 'gunicorn', 'hypercorn', 'granian', 'streamlit', 'flask']);
const pythonRe = /^python[0-9.]*$/;

/**
 * The command starts a web app server (`uvicorn main:app`, `gunicorn app:app`, `python -m streamlit run …`), directly or
 * as the whole of an `sh -c` script's first command: an API or UI whose model, if it uses several GPUs, is split inside
 * its process (device_map), with no NCCL between processes.
 */
export function startsWebServer(words: readonly string[]): boolean {
  return webServers.has(firstProgram(words));
}

/** Where the started program's word is: the first word, or the first of an `sh -c` script. */
function programAt(words: readonly string[]): number {
  const shell = basename(words[0] ?? '');
  return (shell === 'sh' || shell === 'bash') && words[1] === '-c' ? 2 : 0;
}

/** The program the command starts: the first word, or the first of an `sh -c` script; `python -m x` starts x. */
function firstProgram(words: readonly string[]): string {
  const at = programAt(words);
  const program = basename((words[at] ?? '').replace(/^["']/, ''));
  return pythonRe.test(program) && words[at + 1] === '-m' ? words[at + 2] ?? '' : program;
}

/** TensorBoard (`tensorboard --logdir …`, `python -m tensorboard.main`): a UI over log files, on a GPU image or not. */
export function runsTensorBoard(words: readonly string[]): boolean {
  const first = basename(words[0] ?? '');
  return first === 'tensorboard' || (pythonRe.test(first) && words[1] === '-m' && tensorBoardModuleRe.test(words[2] ?? ''));
}

const tensorBoardModuleRe = /^tensorboard(?:\.main)?$/;

/** The command starts a Python script (`python3 webserver.py`, directly or as an `sh -c` script's first command). */
export function startsPythonScript(words: readonly string[]): boolean {
  const at = programAt(words);
  return pythonRe.test(basename((words[at] ?? '').replace(/^["']/, ''))) && /\.py["']?$/.test(words[at + 1] ?? '');
}

const jupyterHubImageRe = /(?:^|\/)jupyterhub$/;

/**
 * JupyterHub's hub (`jupyterhub/jupyterhub`, or a command that starts `jupyterhub`): it authenticates users and spawns
 * their notebook servers in other containers, and runs no CUDA work itself, whatever GPU access it is given. The
 * single-user notebook images (`jupyterhub/singleuser`) are not it.
 */
export function runsJupyterHub(repository: string, words: readonly string[]): boolean {
  return jupyterHubImageRe.test(repository) || firstProgram(words) === 'jupyterhub';
}

/** A hub image or service built here (`jupyterhub-cuda`, `jupyterhub_gpu`), by the last segment of a name; not a single-user image. */
const hubNameRe = /(?:^|\/)jupyterhub(?:[-_.][^/]*)?$/i;
const singleUserRe = /singleuser/i;

/**
 * JupyterHub's hub built here, named so (wtao628/jupyterhub-cuda: service `jupyterhub`, `image: jupyterhub-cuda`, GPUs
 * reserved "for distribution"), that mounts the engine's socket to spawn the notebooks (DockerSpawner, SwarmSpawner): they
 * run in other containers, so the hub runs no CUDA work. Without the socket its spawner may run them in the hub itself.
 */
export function spawnsJupyterHubNotebooks(view: YamlView, s: ComposeService, names: readonly string[]): boolean {
  let hub = false;
  for (const n of names) {
    hub ||= hubNameRe.test(n) && !singleUserRe.test(n);
  }
  if (!hub) {
    return false;
  }
  for (const item of view.items(mergedGet(view, s, 'volumes'))) {
    const source = (view.str(item)?.split(':')[0] ?? view.text(item, 'source') ?? '').replace(/\/+$/, '');
    if (source.endsWith('/docker.sock')) {
      return true;
    }
  }
  return false;
}

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** Whole-segment hints that a project or image is about Stable Diffusion. */
const stableDiffusionHints = ['sd', 'stable-diffusion', 'stable_diffusion', 'stablediffusion'];

/**
 * Names a service built here is known by beyond its own: `invokeai` for a Stable Diffusion project's InvokeAI service
 * (AbdBarho/stable-diffusion-webui-docker: service `invoke`, `build: ./services/invoke/`, `image: sd-invoke:20`), that
 * is `invoke` as a whole segment of its service name, image or build path together with `sd` or `stable-diffusion` as
 * one of its image, build path or project name.
 */
export function aliasNames(view: YamlView, s: ComposeService, project: string | undefined): string[] {
  const image = serviceRepository(view, s);
  const build = mergedGet(view, s, 'build');
  const paths = [view.str(build) ?? view.text(build, 'context') ?? '', view.text(build, 'dockerfile') ?? ''];
  const invoke = [s.name, image, ...paths].some((n) => namesImage(n, 'invoke'));
  if (invoke && [image, ...paths, project ?? ''].some((n) => stableDiffusionHints.some((h) => namesImage(n, h)))) {
    return ['invokeai'];
  }
  // SD.Next's own compose files (vladmandic/sdnext docker/docker-compose.yml: `name: sd-next`, service `webui` built from ../;
  // its older root docker-compose.yml: `name: sd-automatic`, service `nvidia` built from .).
  return build !== undefined && project !== undefined && sdNextProjectRe.test(project) ? ['sdnext'] : [];
}

const sdNextProjectRe = /^sd-?(?:next|automatic)$/i;
