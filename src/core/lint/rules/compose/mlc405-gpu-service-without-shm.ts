import type { ComposeRule } from '../../compose/rule';
import type { ComposeService } from '../../compose/model';
import { mergedGet, mergedPair } from '../../compose/model';
import { parseShortVolume, splitShortSyntax } from '../../compose/short-syntax';
import { aliasNames, gpuOnlyProgram, monitorsGpus, runsJupyterHub, runsTensorBoard, singleProcessNames, spawnsJupyterHubNotebooks } from '../../compose/gpu-programs';
import { isDistributedLauncher, isMlCommand, isTritonSdkImage } from '../../kubernetes/gpu';
import { namesImage } from '../../single-process-servers';
import type { TensorParallelServer } from '../../tensor-parallel-servers';
import { tensorParallelServer } from '../../tensor-parallel-servers';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { isGpuSmokeTest } from '../../single-process-servers';
import { commandWords, finding, gpuCollectives, gpuCount, gpusInUse, insertKey, isGpuExporter, isGpuService, isMediaServer, judgedForGpu, knownValue, overrideNote, serviceNames, serviceRepository, services, targetsJetson, unknownValue, usesRocmGpus, valueEdit } from './helpers';
import { shmSizeRe } from './mlc006-shm-size-format';
import { variantGivingDevices } from './devices-given';
import { composeReading, serviceImage, withProjectEnv } from '../../compose/image';
import type { Interpolated } from '../../compose/interpolate';
import { fromEnvNote } from '../../compose/interpolate';
import { runsTensorflow, serverOnOneGpu, serverRunsOneWorker, tensorflowOnOneGpu } from './shm-free-services';
import { launcherRe } from '../../tensorflow-workloads';
import { builtSigns, startsSingleProcessServer } from '../../compose/single-process-commands';

const prefixPowers: Record<string, number> = { '': 0, k: 1, m: 2, g: 3, t: 4, p: 5 };

/** Bytes of a Compose size (`8gb`, `512m`, `1073741824`); undefined when not a size. */
export function sizeBytes(text: string): number | undefined {
  const m = shmSizeRe.exec(text);
  const power = m ? prefixPowers[(m[2] ?? '').toLowerCase()] : undefined;
  return m && power !== undefined ? Math.floor(Number(m[1]) * 1024 ** power) : undefined;
}

/**
 * Images that are known to need a large /dev/shm: tensor-parallel servers and PyTorch training bases, with AMD's ROCm
 * builds of them (whose docs run them with `--ipc=host` or `--shm-size`).
 */
const shmImages = [
  'vllm/vllm-openai', 'lmsysorg/sglang', 'huggingface/text-generation-inference', 'nvidia/tritonserver', 'pytorch/pytorch', 'nvidia/pytorch',
  'vllm/vllm-openai-rocm', 'rocm/vllm', 'rocm/vllm-dev', 'rocm/pytorch', 'rocm/pytorch-training', 'rocm/megatron-lm',
];

const trainScript = /(?:^|\/)train[\w.-]*\.py$/;

function runsTraining(words: readonly string[]): boolean {
  return isDistributedLauncher(words) || words.some((w) => trainScript.test(w));
}

/** The service surely uses /dev/shm: a known image, an ML command, training, or several GPUs asked for by number. */
function usesShm(view: YamlView, s: ComposeService, repository: string, words: readonly string[]): boolean {
  const count = gpuCount(view, s);
  return shmImages.some((i) => repository === i || repository.endsWith(`/${i}`)) || isMlCommand(words) || runsTraining(words) || (typeof count === 'number' && count > 1);
}

const baseName = (w: string): string => w.slice(w.lastIndexOf('/') + 1);

/** The benchmarks of NVIDIA's nccl-tests (`all_reduce_perf`, `sendrecv_perf`, their `_mpi` builds). */
const ncclTestRe = /^(?:all_reduce|all_gather|alltoall|broadcast|reduce|reduce_scatter|scatter|gather|sendrecv|hypercube)_perf(?:_mpi)?$/;
const mpiLaunchers = new Set(['mpirun', 'mpiexec', 'orterun']);

/** Words of a command as programs: the base name, without the quotes of an inline `bash -c "mpirun …"`. */
const programNames = (words: readonly string[]): string[] => words.map((w) => baseName(w.replace(/^["']+|["';]+$/g, '')));

type ShmProgram = 'triton' | 'ray' | 'nccl-tests' | 'mpi' | TensorParallelServer;

/**
 * What the service runs that keeps data in /dev/shm, when that is not PyTorch's DataLoader: Triton (its Python backend's
 * stub processes exchange tensors with the server there), a Ray node (its object store lives there), NCCL's tests or
 * MPI ranks (NCCL's and MPI's shared-memory transports keep their segments there), vLLM, SGLang or TGI (their tensor-
 * parallel workers, as their docs say). Reporting path only.
 */
function shmProgram(image: string, repository: string, words: readonly string[], entrypointKept: boolean): ShmProgram | undefined {
  const names = programNames(words);
  if ((baseName(repository) === 'tritonserver' && !isTritonSdkImage(image)) || names.includes('tritonserver')) {
    return 'triton';
  }
  if (repository === 'rayproject/ray' || repository.endsWith('/rayproject/ray') || names.some((n, k) => n === 'ray' && names[k + 1] === 'start')) {
    return 'ray';
  }
  if (baseName(repository) === 'nccl-tests' || names.some((n) => ncclTestRe.test(n))) {
    return 'nccl-tests';
  }
  return names.some((n) => mpiLaunchers.has(n)) ? 'mpi' : tensorParallelServer(repository, names, entrypointKept);
}

/**
 * NCCL's troubleshooting guide: it creates shared-memory segments in /dev/shm to talk between processes and between threads
 * of one process. RCCL, ROCm's port of NCCL, keeps its shared-memory transport there too.
 */
const collectivesShm = (lib: string): string => `the shared-memory segments ${lib} creates there for communication between its ranks (processes, or threads of one process)`;

/** Why the service needs more than 64 MB of /dev/shm, and what it runs (` runs … and`, or empty) to say so; `lib` is NCCL, or RCCL on AMD GPUs. */
function programReason(program: ShmProgram, count: number | 'all' | undefined, training: boolean, lib: string): { runs: string; reason: string } {
  switch (program) {
    case 'triton': {
      const collectives = count === 'all' || (typeof count === 'number' && count > 1) ? ` and for ${lib} between its GPUs` : '';
      return { runs: ' runs Triton Inference Server and', reason: `too small for models on Triton's Python backend (their stub processes exchange tensors with the server through /dev/shm)${collectives}` };
    }
    case 'ray':
      return { runs: ' runs a Ray node and', reason: `too small for Ray's object store (Ray then falls back to /tmp, which slows every object transfer) and for the PyTorch DataLoader workers and ${lib} communication of the tasks it runs` };
    case 'nccl-tests':
      return { runs: ` runs ${lib} tests and`, reason: `too small for ${collectivesShm(lib)}` };
    case 'vLLM':
    case 'SGLang':
    case 'TGI':
    case 'LMDeploy':
      return { runs: '', reason: `too small for ${program}'s tensor parallelism (${lib} and PyTorch pass data between its per-GPU worker processes through /dev/shm)` };
    case 'mpi':
      return { runs: ' starts MPI ranks (mpirun) and', reason: `too small for ${collectivesShm(lib)} and for MPI's own shared-memory transport between the ranks on this host${training ? ', as well as for the ranks\' PyTorch DataLoader workers' : ''}` };
  }
}

/** The program, when it is a vLLM, SGLang, TGI or LMDeploy server. */
function asServer(program: ShmProgram | undefined): TensorParallelServer | undefined {
  return program === 'vLLM' || program === 'SGLang' || program === 'TGI' || program === 'LMDeploy' ? program : undefined;
}

/**
 * What runs on the service's one GPU leaves /dev/shm alone: TensorFlow, or a vLLM, SGLang or TGI server whose parallel
 * sizes read 1 (MLK405's exemptions). One GPU as its programs see it (gpusInUse): every GPU reserved but
 * CUDA_VISIBLE_DEVICES naming one, or one ROCm render node mapped beside /dev/kfd; `/dev/dri` as a whole is not counted.
 */
function leavesShmAloneOnOneGpu(view: YamlView, s: ComposeService, repository: string, words: readonly string[], program: ShmProgram | undefined): boolean {
  const count = gpusInUse(view, s);
  if (count !== 1) {
    return false;
  }
  const server = asServer(program);
  if (server !== undefined) {
    return serverOnOneGpu(view, s, server, count, words);
  }
  return program === undefined && tensorflowOnOneGpu(count, repository, words);
}

/** Why a TensorFlow service on several GPUs needs more: NCCL's all-reduce between them (`lib` is NCCL or RCCL). */
const tensorflowReason = (lib: string): string => `too small for ${lib}'s all-reduce (TensorFlow's MirroredStrategy and Horovod run it between GPUs, and ${lib} keeps shared-memory segments in /dev/shm)`;

/**
 * NCCL may run between the service's GPUs or ranks: several GPUs as its programs see them (gpusInUse), a count not read
 * here (`all`, a variable), or a launcher starting ranks (torchrun, DeepSpeed, Accelerate, mpirun, Horovod). MLK405's reading.
 */
function runsCollectives(view: YamlView, s: ComposeService, repository: string, words: readonly string[]): boolean {
  return gpusInUse(view, s) !== 1 || isDistributedLauncher(words) || launcherRe.test(repository) || words.some((w) => launcherRe.test(w));
}

const dataLoaderWorkers = 'PyTorch DataLoader workers (they pass batches through /dev/shm)';

/**
 * What the 64 MB default breaks where no program says more (reporting path): `effect` and NCCL (or RCCL, `lib`) only where
 * collectives may run (`collectives`); else DataLoader workers, and other multi-process work unless the service trains.
 */
function genericReason(words: readonly string[], surely: boolean, effect: string, lib: string, collectives: boolean): string {
  if (collectives) {
    return `${effect} multi-GPU ${lib} communication (${lib} keeps shared-memory segments in /dev/shm)`;
  }
  if (!surely) {
    return `too small if it runs ${dataLoaderWorkers} or other multi-process work`;
  }
  return runsTraining(words) ? `too small for ${dataLoaderWorkers}` : `too small for ${dataLoaderWorkers} and other multi-process work`;
}

/** A size option of a mount at /dev/shm leaves it at least `minBytes`: none set, one unknown or not in bytes (`50%`), or a large one. */
function largeEnough(view: YamlView, size: string | undefined, minBytes: number): boolean {
  const value = knownValue(view, size);
  return value === undefined || (sizeBytes(value) ?? minBytes) >= minBytes;
}

/** A mount target at /dev/shm, or one a variable without a value or default leaves unknown whose written start may still be it (`${SHM_DIR}`). */
function atShm(written: string, target: string | undefined): boolean {
  return target !== undefined ? /^\/dev\/shm\/*$/.test(target) : '/dev/shm'.startsWith(written.slice(0, Math.max(0, written.indexOf('$'))));
}

/**
 * Targets a mount replaces /dev/shm with (`/dev/shm:/dev/shm`, a tmpfs at /dev/shm) unless it sets a size below `minBytes`,
 * each read as Compose interpolates it; a target from a variable without a value or default may be /dev/shm: no judgement.
 */
function mountsShm(view: YamlView, s: ComposeService, minBytes: number): boolean {
  for (const v of view.items(mergedGet(view, s, 'volumes'))) {
    const short = view.str(v);
    const env = short !== undefined ? withProjectEnv(view, short) : undefined;
    const written = env ? parseShortVolume(env.value)?.target : short !== undefined ? parseShortVolume(short)?.target : view.text(v, 'target');
    const target = knownValue(view, written);
    if (written !== undefined && atShm(written, target)) {
      return largeEnough(view, short === undefined ? view.text(view.get(v, 'tmpfs'), 'size') : undefined, minBytes);
    }
  }
  const tmpfs = mergedGet(view, s, 'tmpfs');
  for (const t of view.str(tmpfs) !== undefined ? [tmpfs] : view.items(tmpfs)) {
    const written = view.str(t) ?? '';
    const text = knownValue(view, written) ?? written;
    const [path = '', ...options] = splitShortSyntax(text);
    const target = knownValue(view, path);
    if (atShm(path, target)) {
      return largeEnough(view, /(?:^|,)size=([^,]+)/.exec(options.join(':'))?.[1], minBytes);
    }
  }
  return false;
}

/** A shm_size as written, with where an interpolated one came from: `64m (SHM_SIZE from .env)`, `64m (the default of ${SHM_SIZE:-64m})`. */
function sizeText(written: string, read: Interpolated): string {
  if (read.fromEnv.length > 0) {
    return `${read.value} ${fromEnvNote(read.fromEnv)}`;
  }
  return read.value === written ? written : `${read.value} (the default of ${written})`;
}

function allowList(options: Record<string, unknown> | undefined): readonly string[] {
  const v = options?.allowImages;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : singleProcessNames;
}

function option(options: Record<string, unknown> | undefined, name: string): string | undefined {
  const v = options?.[name];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

export const rule: ComposeRule = {
  meta: {
    id: 'MLC405',
    name: 'gpu-service-without-shm',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'A GPU service (NVIDIA, or ROCm through /dev/kfd; or a vLLM/NIM service that requests no GPU) keeps the 64 MB default /dev/shm: no shm_size of at least 1g and no shared IPC namespace.',
  },
  check(ctx) {
    const view = ctx.view;
    const options = ctx.settings.ruleOptions.MLC405;
    const minBytes = sizeBytes(option(options, 'minSize') ?? '1g') ?? 1024 ** 3;
    const suggested = option(options, 'suggestedSize') ?? '8gb';
    const allow = allowList(options);
    const project = view.text(ctx.compose?.root, 'name');
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      // A fragment's shm_size or ipc may come from the part it is merged with.
      if (!judgedForGpu(view, s)) {
        continue;
      }
      // A program that needs a GPU but requests none starts without one (and with the 64 MB /dev/shm).
      const requested = isGpuService(view, s);
      const gpuless = requested ? undefined : gpuOnlyProgram(view, s);
      // AMD GPUs mapped as device nodes (/dev/kfd beside /dev/dri) request nothing from Docker.
      const rocmDevices = !requested && gpuless === undefined && usesRocmGpus(view, s);
      if (!requested && gpuless === undefined && !rocmDevices) {
        continue;
      }
      const repository = serviceRepository(view, s);
      const words = commandWords(view, s);
      const entrypointKept = mergedGet(view, s, 'entrypoint') === undefined;
      const program = gpuless === undefined ? shmProgram(serviceImage(view, s) ?? '', repository, words, entrypointKept) : undefined;
      const surely = usesShm(view, s, repository, words);
      // Device nodes also reach AMD GPUs for OpenCL or Vulkan in desktop apps: only a program known to use /dev/shm counts.
      if (rocmDevices && !surely && program === undefined) {
        continue;
      }
      // Single-process model servers and media transcoders (Jellyfin, Plex: NVENC only) leave /dev/shm alone; GPU metrics exporters,
      // monitors and JupyterHub's hub (it spawns the notebooks elsewhere) run no CUDA work. A service built here is also named
      // by its Dockerfile's base image and judged by the commands that image starts.
      const built = builtSigns(ctx, s);
      const names = [...serviceNames(view, s), ...aliasNames(view, s, project), ...built.names];
      const started = [...words, ...built.words];
      if (((allow.some((name) => names.some((n) => namesImage(n, name))) || isMediaServer(repository) || startsSingleProcessServer(started)) && !runsTraining(started)) || isGpuExporter(repository) || isGpuSmokeTest(repository) || runsTensorBoard(words) || runsJupyterHub(repository, words) || monitorsGpus(view, s) || spawnsJupyterHubNotebooks(view, s, names)) {
        continue;
      }
      if ((requested || rocmDevices) && leavesShmAloneOnOneGpu(view, s, repository, words, program)) {
        continue;
      }
      // ipc: host / service:x / container:x share an existing /dev/shm (trap T4); shareable still gets 64 MB.
      // An ipc from a variable without a value or default is unknown: no judgement.
      const ipcWritten = view.str(mergedGet(view, s, 'ipc'));
      const ipc = knownValue(view, ipcWritten);
      if ((ipcWritten !== undefined && ipc === undefined) || ipc === 'host' || ipc?.startsWith('service:') || ipc?.startsWith('container:')) {
        continue;
      }
      // A bind of the host's /dev/shm or a tmpfs mounted there replaces the 64 MB one (flowdapt's Ray workers: "/dev/shm:/dev/shm").
      if (mountsShm(view, s, minBytes)) {
        continue;
      }
      const shm = mergedPair(view, s, 'shm_size');
      const size = shm ? view.str(shm.value) : undefined;
      const read = composeReading(view, size ?? '');
      if (size !== undefined && (unknownValue(size, read.value) || (sizeBytes(read.value) ?? 0) >= minBytes || sizeBytes(read.value) === undefined)) {
        continue;
      }
      const written = shm ? view.pairValueRange(shm) : undefined;
      const range = written ?? s.anchor;
      // A shm_size from a base in another file is not in this text: the service's own shm_size wins over it.
      // The override file's shm_size (or its !reset) wins over anything written here.
      const inOverride = overrideNote(view, s, 'shm_size');
      const edit = inOverride ? undefined : written ? valueEdit(written, size ?? '', read, suggested, `"${suggested}"`) : insertKey(view, s.node, `shm_size: "${suggested}"`);
      const what = size === undefined ? 'keeps Docker\'s 64 MB default /dev/shm' : `sets shm_size ${sizeText(size, read)}, below ${option(options, 'minSize') ?? '1g'}`;
      const effect = surely ? 'too small for PyTorch DataLoader workers and' : 'too small if it runs PyTorch DataLoader workers or';
      const note = inOverride ? ` (${inOverride})` : '';
      // A Jetson's one integrated GPU has no NCCL peers: only DataLoader workers are left to name.
      const jetson = gpuless === undefined && !rocmDevices && targetsJetson(view, s, ctx.path);
      const lib = gpuless === undefined ? gpuCollectives(view, s) : 'NCCL';
      // A server without a GPU is named by what it would run on one; with one worker it starts no collectives and no tensor parallelism.
      const shown = gpuless === undefined ? program : tensorParallelServer(repository, words, entrypointKept);
      const server = asServer(shown);
      const oneWorker = server !== undefined && serverRunsOneWorker(view, s, server, words);
      const explained = shown && !oneWorker ? programReason(shown, shown === 'triton' ? gpuCount(view, s) : undefined, runsTraining(words), lib) : undefined;
      const runs = explained?.runs ?? '';
      const tensorflow = explained === undefined && gpuless === undefined && runsTensorflow(repository, words);
      const collectives = gpuless === undefined && !oneWorker && runsCollectives(view, s, repository, words);
      const reason = explained?.reason ?? (tensorflow ? tensorflowReason(lib) : genericReason(words, surely, effect, lib, collectives));
      const kind = lib === 'RCCL' ? 'ROCm GPU service' : 'GPU service';
      const message = gpuless !== undefined
        ? `Service "${s.name}" runs ${gpuless}, which needs an NVIDIA GPU, but requests none, so it starts without one, and it ${what}, which is ${reason}; reserve a GPU (deploy.resources.reservations.devices with capabilities: [gpu], or gpus:) and set shm_size: "${suggested}" or ipc: host${note}.`
        : jetson
          ? `GPU service "${s.name}" ${what}, which is too small ${surely ? 'for' : 'if it runs'} PyTorch DataLoader workers (they pass batches through /dev/shm); set shm_size: "${suggested}" or ipc: host${note}.`
          : `${kind} "${s.name}"${runs} ${what}, which is ${reason}; set shm_size: "${suggested}" or ipc: host${note}.`;
      // A variant file beside this one (`docker-compose.gpu.yml`) that gives the server its GPU is linted merged with it.
      if (gpuless !== undefined && variantGivingDevices(ctx, s) !== undefined) {
        continue;
      }
      out.push(finding(range, message, edit ? { title: `Set shm_size: "${suggested}"`, edits: [edit] } : undefined));
    }
    return out;
  },
};
