import type { ParallelServer } from './tensor-parallel-servers';
import { parallelServer } from './tensor-parallel-servers';
import type { ParallelLayout, WrittenParallelSize } from './server-parallelism';
import { parallelLayout } from './server-parallelism';
import type { ServerFlags } from './server-flags';
import { lmDeployApiServerFlags, vllmServeFlags } from './server-flags';
import { passesVariableArguments } from './variable-arguments';
import { afterLastSlash } from './after-last-slash';

/** Variables that narrow the GPUs a container's programs see, or pick among them (each name holds `_DEVICE`). */
const visibleDeviceVariables = ['CUDA_VISIBLE_DEVICES', 'NVIDIA_VISIBLE_DEVICES', 'HIP_VISIBLE_DEVICES', 'ROCR_VISIBLE_DEVICES', 'GPU_DEVICE_ORDINAL'];

function basename(word: string): string {
  const name = afterLastSlash(word);
  return name.startsWith('"') || name.startsWith("'") ? name.replace(/^["']+/, '') : name;
}

/** The quotes and separators that may close a subcommand word. */
const closingMarks: ReadonlySet<string> = new Set(['"', "'", ';', '&']);

/** A word as a subcommand: without the quotes or separator that may close it. */
function subcommandAt(words: readonly string[], k: number): string {
  if (k >= words.length) {
    return '';
  }
  const word = words[k] as string;
  return closingMarks.has(word.charAt(word.length - 1)) ? word.replace(/["';&]+$/, '') : word;
}

/** The program names serverStarts looks for after any folder or opening quote: a word ending otherwise starts no server. */
const serverProgramEndings = ['vllm', 'sglang', 'text-generation-launcher', 'lmdeploy'];

/** The last characters of serverProgramEndings (`m`, `g`, `r`, `y`): a word ending in another is tested no further. */
const serverProgramLastCodes = serverProgramEndings.map((ending) => ending.charCodeAt(ending.length - 1));

/**
 * How many times the command starts an LLM server: `vllm serve`, `sglang serve`, `python -m vllm.entrypoints.…` or
 * `python -m sglang.launch_server`, `text-generation-launcher`, `lmdeploy serve api_server`. Not `vllm bench`,
 * `python -m sglang.bench_serving`, `lmdeploy serve proxy`: clients that use no GPU of their own.
 */
function serverStarts(words: readonly string[]): number {
  let starts = 0;
  for (let k = 0; k < words.length; k++) {
    const w = words[k] as string;
    if (w === '-m') {
      const module = subcommandAt(words, k + 1);
      starts += module.startsWith('vllm.entrypoints.') || module === 'sglang.launch_server' ? 1 : 0;
      continue;
    }
    if (!serverProgramLastCodes.includes(w.charCodeAt(w.length - 1)) || !serverProgramEndings.some((ending) => w.endsWith(ending))) {
      continue;
    }
    const program = basename(w);
    const next = subcommandAt(words, k + 1);
    const lmdeployServer = program === 'lmdeploy' && next === 'serve' && subcommandAt(words, k + 2) === 'api_server';
    if (((program === 'vllm' || program === 'sglang') && next === 'serve') || program === 'text-generation-launcher' || lmdeployServer) {
      starts++;
    }
  }
  return starts;
}

/**
 * The command leaves the GPU count to something this reader does not follow: a visible-devices variable set in the
 * script (`CUDA_VISIBLE_DEVICES=0 vllm serve …`), a program sent to the background (`vllm serve … &`: others may share
 * the GPUs), or a Ray node (`ray start`: the workers may be on other nodes).
 */
function gpusDecidedElsewhere(words: readonly string[]): boolean {
  for (const w of words) {
    if ((w.endsWith('&') && !w.endsWith('&&')) || (w.endsWith('ray') && basename(w) === 'ray') || (w.includes('_DEVICE') && visibleDeviceVariables.some((v) => w.includes(v)))) {
      return true;
    }
  }
  return false;
}

/** The flags whose arity server-flags.ts knows, by server. */
const flagTables: Partial<Record<ParallelServer, ServerFlags>> = { vLLM: vllmServeFlags, LMDeploy: lmDeployApiServerFlags };

/**
 * The one server the command starts, or the image's own when the command only passes it flags (`entrypointKept`).
 * `server`: parallelServer's answer for the same command, which settles most GPU containers (they run no server).
 */
function startedServer(server: ParallelServer | undefined, repository: string, words: readonly string[], entrypointKept: boolean): ParallelServer | undefined {
  if (server === undefined) {
    return undefined;
  }
  const starts = serverStarts(words);
  if (starts > 1) {
    return undefined;
  }
  // Without the image's entry point, the server found is the one the command names.
  const named = entrypointKept ? parallelServer(repository, words, false) : server;
  if (starts === 1) {
    return named;
  }
  return named === undefined && entrypointKept ? server : undefined;
}

/** A server whose command line uses another number of GPUs than its container gets. */
export interface ServerGpuMismatch {
  server: ParallelServer;
  layout: ParallelLayout;
  /** The GPUs the container gets. */
  given: number;
  /** The size to report at: the first the command line writes, those above 1 first; undefined when none is written there. */
  at?: WrittenParallelSize;
}

/**
 * Compares the GPUs the LLM server of a container or service uses (its command `words`, TGI's `env`) with those it
 * gets (`given`, a whole-GPU count); undefined when they match or either cannot be read (see parallelLayout). With
 * variables from elsewhere (`envHidden`: an env file, a ConfigMap), which may narrow the visible devices, only a server
 * that needs more GPUs than it gets is reported: narrowing cannot add any. A variable passed as arguments of their own
 * (`${EXTRA_ARGS}`) may set any parallel size: nothing is reported. `found`: parallelServer(repository, words,
 * entrypointKept), passed by a caller that remembers it per container.
 */
export function serverGpuMismatch(repository: string, words: readonly string[], entrypointKept: boolean, env: readonly { name: string; value?: string }[], envHidden: boolean, given: number, found = parallelServer(repository, words, entrypointKept)): ServerGpuMismatch | undefined {
  const server = startedServer(found, repository, words, entrypointKept);
  if (server === undefined || gpusDecidedElsewhere(words) || env.some((e) => visibleDeviceVariables.includes(e.name)) || passesVariableArguments(words, flagTables[server])) {
    return undefined;
  }
  const layout = parallelLayout(server, words, env);
  if (layout === undefined || layout.gpus === given || (envHidden && layout.gpus < given)) {
    return undefined;
  }
  const at = layout.sizes.find((s) => s.word !== undefined);
  return at === undefined ? { server, layout, given } : { server, layout, given, at };
}

/** The server's parallel sizes need more GPUs than the container or service gets: it fails at start-up (MLK428, MLC415); else it leaves some idle (MLK425, MLC414). */
export function needsMoreGpus(m: ServerGpuMismatch): boolean {
  return m.layout.gpus > m.given;
}

/** The flag a message names for the tensor-parallel size: the one written, else the server's own spelling. */
function tensorFlag(m: ServerGpuMismatch): string {
  const written = m.layout.sizes.find((s) => /tensor|tp|shard/i.test(s.flag));
  if (written !== undefined) {
    return written.flag;
  }
  return m.server === 'SGLang' ? '--tp-size' : m.server === 'TGI' ? '--num-shard' : m.server === 'LMDeploy' ? '--tp' : '--tensor-parallel-size';
}

/** The sizes as written and what they use: `its --tensor-parallel-size 4 × --pipeline-parallel-size 2 need 8`, `vLLM without a parallel size uses 1`. */
function describeSizes(m: ServerGpuMismatch, verb: 'use' | 'need'): string {
  const written = m.layout.sizes.filter((s) => s.size > 1 || m.layout.gpus === 1);
  if (written.length === 0) {
    return `${m.server} without a parallel size ${verb}s 1`;
  }
  const sizes = written.map((s) => `${s.flag} ${s.size}`).join(' × ');
  return `its ${sizes} ${written.length > 1 ? verb : `${verb}s`} ${m.layout.gpus}`;
}

function gpus(n: number): string {
  return `${n} GPU${n === 1 ? '' : 's'}`;
}

/** vLLM's world size: the workers of one engine (its data-parallel ranks each start one). */
function vllmWorldSize(m: ServerGpuMismatch): number {
  let size = 1;
  for (const s of m.layout.sizes) {
    size *= s.flag === '-dp' || s.flag === '--data-parallel-size' ? 1 : s.size;
  }
  return size;
}

/** How the server fails when its workers outnumber the GPUs it sees, as its own code reports it. */
function startUpFailure(m: ServerGpuMismatch): string {
  switch (m.server) {
    case 'vLLM': {
      const world = vllmWorldSize(m);
      return world > m.given
        ? `vLLM stops at start-up ("World size (${world}) is larger than the number of available GPUs (${m.given}) in this node" on NVIDIA GPUs)`
        : 'vLLM stops at start-up (a data-parallel engine past the GPUs it sees has none to run on)';
    }
    case 'SGLang':
      return 'SGLang stops at start-up (the scheduler of a rank beyond the GPUs it sees fails with "invalid device ordinal")';
    case 'TGI':
      return 'TGI stops at start-up (each shard asserts "Each process is one gpu")';
    case 'LMDeploy':
      return 'LMDeploy fails at start-up (TurboMind cannot lay its ranks out on the GPUs it sees; the PyTorch engine waits for GPUs Ray cannot place, then stops)';
  }
}

/** MLK428's and MLC415's message. `holder`: who gets the GPUs (`container "vllm"`, `Service "vllm"`); `grant`: what to raise (`its nvidia.com/gpu limit`). */
export function serverGpuShortfallMessage(m: ServerGpuMismatch, holder: string, grant: string): string {
  return `${holder} gets ${gpus(m.given)} but ${describeSizes(m, 'need')}, so ${startUpFailure(m)}; lower the parallel sizes to fit ${gpus(m.given)}, or raise ${grant} to ${m.layout.gpus}.`;
}

/** MLK425's and MLC414's message. `holder`: as for serverGpuShortfallMessage; `grant`: what to lower (`its GPU reservation`). */
export function serverIdleGpusMessage(m: ServerGpuMismatch, holder: string, grant: string): string {
  const needed = m.layout.gpus;
  const others = needed / (m.layout.sizes.find((s) => s.flag === tensorFlag(m))?.size ?? 1);
  const tensor = m.given / others;
  // A tensor-parallel size must divide the model's attention heads: powers of two do for nearly every model.
  const resize = Number.isInteger(tensor) && (tensor & (tensor - 1)) === 0 ? `set ${tensorFlag(m)} to ${tensor}, or lower ${grant} to ${needed}` : `lower ${grant} to ${needed} (a tensor-parallel size of ${Number.isInteger(tensor) ? tensor : m.given} would have to divide the model's attention heads)`;
  return `${holder} gets ${gpus(m.given)} but ${describeSizes(m, 'use')}, so ${m.given - needed === 1 ? '1 of them sits' : `${m.given - needed} of them sit`} idle while still allocated; ${resize}.`;
}
