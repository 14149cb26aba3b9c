import type { ParallelServer } from './tensor-parallel-servers';

/** LLM servers whose parallel sizes are read here: the tensor-parallel servers and LMDeploy (`lmdeploy serve api_server --tp 2`). */
export type { ParallelServer };

/** A dimension the model is spread over; `nodes` spreads the others over machines. */
type Dimension = 'tp' | 'pp' | 'dp' | 'pcp' | 'ep' | 'cp' | 'shards' | 'nodes';

/**
 * The flags that set a parallel size, by dimension, each a family of spellings: vLLM's engine arguments (`-tp`, `-pp`,
 * `-dp`, `-pcp`; underscores read as dashes), SGLang's server arguments (`--tp`, `--tp-size`, ...), TGI's launcher
 * (`--num-shard`), LMDeploy's CLI (`--tp`, `--dp`, `--ep`, TurboMind's `--cp`).
 */
const sizeFlags: Readonly<Record<ParallelServer, ReadonlyMap<string, Dimension>>> = {
  vLLM: new Map([['--tensor-parallel-size', 'tp'], ['-tp', 'tp'], ['--pipeline-parallel-size', 'pp'], ['-pp', 'pp'], ['--data-parallel-size', 'dp'], ['-dp', 'dp'], ['--prefill-context-parallel-size', 'pcp'], ['-pcp', 'pcp'], ['--nnodes', 'nodes']]),
  SGLang: new Map([['--tensor-parallel-size', 'tp'], ['--tp-size', 'tp'], ['--tp', 'tp'], ['--pipeline-parallel-size', 'pp'], ['--pp-size', 'pp'], ['--pp', 'pp'], ['--data-parallel-size', 'dp'], ['--dp-size', 'dp'], ['--dp', 'dp'], ['--nnodes', 'nodes']]),
  TGI: new Map([['--num-shard', 'shards']]),
  LMDeploy: new Map([['--tp', 'tp'], ['--dp', 'dp'], ['--ep', 'ep'], ['--cp', 'cp'], ['--nnodes', 'nodes']]),
};

/** Flags after which no size is read here: a config file, TGI's `--sharded`. */
const unreadableFlags: Readonly<Record<ParallelServer, ReadonlySet<string>>> = {
  vLLM: new Set(['--config']),
  SGLang: new Set(['--config']),
  TGI: new Set(['--sharded']),
  LMDeploy: new Set(['--config']),
};

/** Long flags of a size family that are not read here: `--data-parallel-rank`, abbreviations such as `--tensor-parallel`. */
const sizeFamilyRe = /^--(?:tensor|pipeline|data)-parallel|^--num-sh/;

/**
 * Flags that place workers or GPUs where the GPUs of one container are not read here: workers on other nodes or
 * launched elsewhere (vLLM's --headless, the data-parallel rank and local-size flags of external and hybrid load
 * balancing; SGLang's and LMDeploy's --node-rank, SGLang's --dist-init-addr, LMDeploy's --dp-rank); GPUs picked by
 * offset (SGLang's --base-gpu-id, --gpu-id-step).
 */
const placementFlags: Readonly<Record<ParallelServer, ReadonlySet<string>>> = {
  vLLM: new Set(['--headless', '--node-rank', '--master-addr', '-dpn', '-dpr', '-dpl', '-dpa', '-dpp', '-dpb']),
  SGLang: new Set(['--node-rank', '--dist-init-addr', '--nccl-init-addr', '--base-gpu-id', '--gpu-id-step']),
  TGI: new Set(),
  LMDeploy: new Set(['--node-rank', '--dp-rank']),
};

/** Context parallelism whose GPU count is not read here (vLLM's decode context parallelism, SGLang's --attn-cp-size). */
const contextParallelRe = /context-parallel|^--(?:attn-)?cp-size$/;

/** vLLM's executors: `--distributed-executor-backend`, and the older `--worker-use-ray`. */
const executorFlags = new Set(['--distributed-executor-backend', '--worker-use-ray']);

/** vLLM executors that keep the workers in this container: `mp` (the default on one node) and `uni` (in process). */
const localExecutors = new Set(['mp', 'uni']);

/** One parallel size the command line sets, as written: its flag (or TGI's variable) and where it stands. */
export interface WrittenParallelSize {
  /** The flag as written (`-tp`, `--tensor-parallel-size`), or the variable (`NUM_SHARD`). */
  flag: string;
  size: number;
  /** The index of the flag's word in the command words; undefined for a variable. */
  word?: number;
}

/** What a server's command line says about its parallelism, each flag's last value winning, as with argparse and clap. */
interface ParallelFlags {
  sizes: Map<Dimension, WrittenParallelSize>;
  /** vLLM's executor as written (`ray` for --worker-use-ray); undefined when the command names none. */
  executor?: string;
  /** SGLang's --enable-dp-attention: the data-parallel ranks share the tensor-parallel group's GPUs. */
  dpAttention: boolean;
  /** A placement flag or context parallelism (see placementFlags): the GPUs of this container are not read here. */
  placedElsewhere: boolean;
}

const dash = 0x2d;

/** A word's flag and inline value (`--tp=2`), long flags with underscores read as dashes (vLLM's parser does). */
function splitFlag(word: string): { flag: string; value?: string } {
  const equals = word.indexOf('=');
  const flag = equals < 0 ? word : word.slice(0, equals);
  const normalized = flag.startsWith('--') && flag.includes('_') ? flag.replace(/_/g, '-') : flag;
  return equals < 0 ? { flag: normalized } : { flag: normalized, value: word.slice(equals + 1) };
}

/** A size as written (`2`, `"2"`), else undefined (`$TP`, `${TP_SIZE}`). */
function sizeOf(value: string | undefined): number | undefined {
  const bare = value?.replace(/^["']|["']$/g, '');
  return bare !== undefined && /^\d+$/.test(bare) ? Number(bare) : undefined;
}

/**
 * The parallelism a server's command line (`words`) and, for TGI, its variables (`env`) set; undefined when a size
 * cannot be read here: from a variable or a config file, or an unread flag of a size family. TGI's --num-shard wins over
 * NUM_SHARD (clap reads the variable only for a flag not given).
 */
function readParallelFlags(server: ParallelServer, words: readonly string[], env: readonly { name: string; value?: string }[]): ParallelFlags | undefined {
  const dimensions = sizeFlags[server];
  const read: ParallelFlags = { sizes: new Map(), dpAttention: false, placedElsewhere: false };
  for (let k = 0; k < words.length; k++) {
    // Every flag read below starts with a dash.
    if ((words[k] as string).charCodeAt(0) !== dash) {
      continue;
    }
    const { flag, value } = splitFlag(words[k] as string);
    const dimension = dimensions.get(flag);
    if (dimension !== undefined) {
      const size = sizeOf(value ?? words[k + 1]);
      if (size === undefined) {
        return undefined;
      }
      read.sizes.set(dimension, { flag, size, word: k });
    } else if (unreadableFlags[server].has(flag) || (flag.startsWith('--') && sizeFamilyRe.test(flag))) {
      return undefined;
    } else if (executorFlags.has(flag)) {
      read.executor = flag === '--worker-use-ray' ? 'ray' : value ?? words[k + 1] ?? '';
    } else if (flag === '--enable-dp-attention' && server === 'SGLang') {
      read.dpAttention = true;
    } else if (placementFlags[server].has(flag) || (flag.startsWith('--') && contextParallelRe.test(flag))) {
      read.placedElsewhere = true;
    }
  }
  return server === 'TGI' ? withShardVariables(read, env) : read;
}

/** TGI's variables read into its flags: SHARDED makes the layout unread; NUM_SHARD (the last entry) sets the shards unless --num-shard does. */
function withShardVariables(read: ParallelFlags, env: readonly { name: string; value?: string }[]): ParallelFlags | undefined {
  if (env.some((e) => e.name === 'SHARDED')) {
    return undefined;
  }
  const variable = env.filter((e) => e.name === 'NUM_SHARD').pop();
  if (variable === undefined || read.sizes.has('shards')) {
    return read;
  }
  const size = sizeOf(variable.value);
  if (size === undefined) {
    return undefined;
  }
  read.sizes.set('shards', { flag: 'NUM_SHARD', size });
  return read;
}

function product(sizes: Iterable<WrittenParallelSize>): number {
  let result = 1;
  for (const s of sizes) {
    result *= s.size;
  }
  return result;
}

/**
 * How many GPU worker processes the server's command line (`words`) and variables (`env`) spread the model over: the
 * product of the sizes it sets, nodes included (1 where none is set: vLLM's and SGLang's default; TGI's is one shard per
 * visible GPU, which the caller knows). Undefined when it cannot be read here (see readParallelFlags) or an executor
 * other than vLLM's in-process `uni` runs the workers.
 */
export function serverParallelism(server: ParallelServer, words: readonly string[], env: readonly { name: string; value?: string }[]): number | undefined {
  const read = readParallelFlags(server, words, env);
  if (read === undefined || (read.executor !== undefined && read.executor !== 'uni')) {
    return undefined;
  }
  return product(read.sizes.values());
}

/**
 * The server's command line keeps its model on one GPU: every parallel size it sets is 1 (their default), whatever
 * executor runs the worker or wherever it is placed. TGI only with one shard written: else it shards over every GPU it sees.
 */
export function keepsToOneGpu(server: ParallelServer, words: readonly string[], env: readonly { name: string; value?: string }[]): boolean {
  const read = readParallelFlags(server, words, env);
  return read !== undefined && (server !== 'TGI' || read.sizes.has('shards')) && [...read.sizes.values()].every((s) => s.size === 1);
}

/** keepsToOneGpu and a serverParallelism of 1 together, from one reading of the command line. */
export function runsOneWorker(server: ParallelServer, words: readonly string[], env: readonly { name: string; value?: string }[]): boolean {
  const read = readParallelFlags(server, words, env);
  // Every size 1 makes their product 1: only the executor is left to ask.
  return read !== undefined && (server !== 'TGI' || read.sizes.has('shards')) && [...read.sizes.values()].every((s) => s.size === 1) && (read.executor === undefined || read.executor === 'uni');
}

/** The GPUs a server's command line makes it use on its own node, and the sizes that say so (those above 1 first). */
export interface ParallelLayout {
  gpus: number;
  sizes: readonly WrittenParallelSize[];
}

/**
 * The sizes whose product is the GPUs of one node, by server. vLLM: a data-parallel rank per `tp × pp × pcp` GPUs (its
 * engine cores get consecutive slices of the visible devices). SGLang: a `tp × pp` group per data-parallel rank (its
 * DataParallelController starts each at `base_gpu_id += tp × pp`), except with --enable-dp-attention, where the DP ranks
 * share the TP group's GPUs. TGI: its shards, when written. LMDeploy: its tensor-parallel size alone; with data, expert or
 * context parallelism undefined (its DP launcher gives each rank one GPU, TurboMind places them otherwise).
 */
function sizesOnOneNode(server: ParallelServer, read: ParallelFlags): WrittenParallelSize[] | undefined {
  const sizes = [...read.sizes].filter(([dimension]) => dimension !== 'nodes' && !(dimension === 'dp' && read.dpAttention));
  if (server === 'TGI' && !read.sizes.has('shards')) {
    return undefined;
  }
  if (server === 'LMDeploy' && sizes.some(([dimension, s]) => dimension !== 'tp' && s.size !== 1)) {
    return undefined;
  }
  return sizes.map(([, s]) => s);
}

/**
 * How many GPUs the server's command line (`words`) and, for TGI, its variables (`env`) make it use in this container,
 * with the sizes that say so; undefined when that cannot be read here: a size from a variable or config file, more than
 * one node (`--nnodes` above 1), workers elsewhere (a Ray executor, external data-parallel ranks), GPUs picked by offset,
 * or TGI without --num-shard or NUM_SHARD (it then starts a shard per visible GPU).
 */
export function parallelLayout(server: ParallelServer, words: readonly string[], env: readonly { name: string; value?: string }[]): ParallelLayout | undefined {
  const read = readParallelFlags(server, words, env);
  if (read === undefined || read.placedElsewhere || (read.sizes.get('nodes')?.size ?? 1) !== 1 || (read.executor !== undefined && !localExecutors.has(read.executor))) {
    return undefined;
  }
  const onNode = sizesOnOneNode(server, read);
  if (onNode === undefined || onNode.some((s) => s.size < 1)) {
    return undefined;
  }
  const sizes = onNode.sort((a, b) => Number(b.size > 1) - Number(a.size > 1));
  return { gpus: product(sizes), sizes };
}
