import type { TensorParallelServer } from './tensor-parallel-servers';

/**
 * The flags that spread a server's model over more GPU worker processes (tensor, pipeline and data parallel sizes,
 * nodes), each a family of spellings: vLLM's engine arguments (`-tp`, `-pp`, `-dp`; underscores read as dashes),
 * SGLang's server arguments (`--tp`, `--tp-size`, ...), TGI's launcher (`--num-shard`).
 */
const sizeFlags: Readonly<Record<TensorParallelServer, readonly string[]>> = {
  vLLM: ['--tensor-parallel-size', '-tp', '--pipeline-parallel-size', '-pp', '--data-parallel-size', '-dp', '--nnodes'],
  SGLang: ['--tensor-parallel-size', '--tp-size', '--tp', '--pipeline-parallel-size', '--pp-size', '--pp', '--data-parallel-size', '--dp-size', '--dp', '--nnodes'],
  TGI: ['--num-shard'],
};

/** Flags after which the layout is not read here: a config file, an executor other than vLLM's in-process `uni`, TGI's `--sharded`. */
const opaqueFlags: Readonly<Record<TensorParallelServer, readonly string[]>> = {
  vLLM: ['--config', '--distributed-executor-backend', '--worker-use-ray'],
  SGLang: ['--config'],
  TGI: ['--sharded'],
};

/** TGI reads its flags from variables too (clap's `env`). */
const tgiVariables: ReadonlyMap<string, 'size' | 'opaque'> = new Map([
  ['NUM_SHARD', 'size'],
  ['SHARDED', 'opaque'],
]);

/** A word's flag and inline value (`--tp=2`), long flags with underscores read as dashes (vLLM's parser does). */
function splitFlag(word: string): { flag: string; value?: string } {
  const equals = word.indexOf('=');
  const flag = equals < 0 ? word : word.slice(0, equals);
  const normalized = flag.startsWith('--') ? flag.replace(/_/g, '-') : flag;
  return equals < 0 ? { flag: normalized } : { flag: normalized, value: word.slice(equals + 1) };
}

/** A size as written (`2`, `"2"`), else undefined (`$TP`, `${TP_SIZE}`). */
function sizeOf(value: string | undefined): number | undefined {
  const bare = value?.replace(/^["']|["']$/g, '');
  return bare !== undefined && /^\d+$/.test(bare) ? Number(bare) : undefined;
}

/**
 * How many GPU worker processes the server's command line (`words`) and variables (`env`) spread the model over: the
 * product of the sizes it sets (1 where none is set: vLLM's and SGLang's default; TGI's is one shard per visible GPU,
 * which the caller knows). Undefined when it cannot be read here: a size from a variable or a config file, another
 * executor, or an abbreviated flag (`--tensor-parallel`).
 */
export function serverParallelism(server: TensorParallelServer, words: readonly string[], env: readonly { name: string; value?: string }[]): number | undefined {
  const sizes = sizeFlags[server];
  const opaque = opaqueFlags[server];
  let product = 1;
  for (let k = 0; k < words.length; k++) {
    const { flag, value } = splitFlag(words[k] as string);
    if (opaque.includes(flag) && !(flag === '--distributed-executor-backend' && (value ?? words[k + 1]) === 'uni')) {
      return undefined;
    }
    if (sizes.includes(flag)) {
      const size = sizeOf(value ?? words[k + 1]);
      if (size === undefined) {
        return undefined;
      }
      product *= size;
    } else if (/^--(?:tensor|pipeline|data)-parallel|^--num-sh/.test(flag)) {
      return undefined;
    }
  }
  if (server === 'TGI') {
    for (const e of env) {
      const kind = tgiVariables.get(e.name);
      if (kind === 'opaque') {
        return undefined;
      }
      if (kind === 'size') {
        const size = sizeOf(e.value);
        if (size === undefined) {
          return undefined;
        }
        product *= size;
      }
    }
  }
  return product;
}

/** One parallel size the command line sets, as written: its flag (or TGI's variable) and where it stands. */
export interface WrittenParallelSize {
  /** The flag as written (`-tp`, `--tensor-parallel-size`), or the variable (`NUM_SHARD`). */
  flag: string;
  size: number;
  /** The index of the flag's word in the command words; undefined for a variable. */
  word?: number;
}

/** The GPUs a server's command line makes it use on its own node, and the sizes that say so (those above 1 first). */
export interface ParallelLayout {
  gpus: number;
  sizes: readonly WrittenParallelSize[];
}

/**
 * The dimensions whose sizes multiply into the GPUs one node's server uses, by flag. vLLM: a data-parallel rank per
 * `tp × pp × pcp` GPUs (its engine cores get consecutive slices of the visible devices; decode context parallelism
 * reuses the TP ranks). SGLang: a `tp × pp` group per data-parallel rank (its DataParallelController starts each at
 * `base_gpu_id += tp × pp`), except with --enable-dp-attention, where the DP ranks share the TP group's GPUs.
 */
const layoutFlags: Readonly<Record<TensorParallelServer, Readonly<Record<string, string>>>> = {
  vLLM: { '--tensor-parallel-size': 'tp', '-tp': 'tp', '--pipeline-parallel-size': 'pp', '-pp': 'pp', '--data-parallel-size': 'dp', '-dp': 'dp', '--prefill-context-parallel-size': 'pcp', '-pcp': 'pcp' },
  SGLang: { '--tensor-parallel-size': 'tp', '--tp-size': 'tp', '--tp': 'tp', '--pipeline-parallel-size': 'pp', '--pp-size': 'pp', '--pp': 'pp', '--data-parallel-size': 'dp', '--dp-size': 'dp', '--dp': 'dp' },
  TGI: { '--num-shard': 'shards' },
};

/**
 * Flags after which the GPUs of one pod or container are not read here: a config file; workers on other nodes or
 * launched elsewhere (vLLM's Ray executor, --headless, the data-parallel rank and local-size flags of external and
 * hybrid load balancing, SGLang's --node-rank and --dist-init-addr); GPUs picked by offset (SGLang's --base-gpu-id,
 * --gpu-id-step); context parallelism whose GPU count is not read here; TGI's --sharded.
 */
const layoutOpaqueFlags: Readonly<Record<TensorParallelServer, ReadonlySet<string>>> = {
  vLLM: new Set(['--config', '--worker-use-ray', '--headless', '--node-rank', '--master-addr', '-dpn', '-dpr', '-dpl', '-dpa', '-dpp', '-dpb']),
  SGLang: new Set(['--config', '--node-rank', '--dist-init-addr', '--nccl-init-addr', '--base-gpu-id', '--gpu-id-step']),
  TGI: new Set(['--sharded']),
};

/** Long flags of a parallel family that are not sizes read here (`--data-parallel-rank`, abbreviations such as `--tensor-parallel`). */
const parallelFamilyRe = /^--(?:tensor|pipeline|data|prefill-context)[-_]parallel|^--num-sh|context-parallel|^--(?:attn-)?cp-size$/;

/** vLLM executors that keep the workers in this container: `mp` (the default on one node) and `uni`. */
const localExecutors = new Set(['mp', 'uni']);

/**
 * How many GPUs the server's command line (`words`) and, for TGI, its variables (`env`) make it use in this container,
 * with the sizes that say so; undefined when that cannot be read here: a size from a variable or config file, more than
 * one node (`--nnodes` above 1), workers elsewhere (a Ray executor, external data-parallel ranks), GPUs picked by offset,
 * or TGI without --num-shard or NUM_SHARD (it then starts a shard per visible GPU). Each flag's last value wins, as with
 * argparse and clap.
 */
export function parallelLayout(server: TensorParallelServer, words: readonly string[], env: readonly { name: string; value?: string }[]): ParallelLayout | undefined {
  const flags = layoutFlags[server];
  const opaque = layoutOpaqueFlags[server];
  const byDimension = new Map<string, WrittenParallelSize>();
  let dpAttention = false;
  for (let k = 0; k < words.length; k++) {
    const { flag, value } = splitFlag(words[k] as string);
    const dimension = flags[flag];
    if (dimension !== undefined) {
      const size = sizeOf(value ?? words[k + 1]);
      if (size === undefined || size < 1) {
        return undefined;
      }
      byDimension.set(dimension, { flag, size, word: k });
    } else if (flag === '--nnodes') {
      if (sizeOf(value ?? words[k + 1]) !== 1) {
        return undefined;
      }
    } else if (flag === '--distributed-executor-backend') {
      if (!localExecutors.has(value ?? words[k + 1] ?? '')) {
        return undefined;
      }
    } else if (flag === '--enable-dp-attention' && server === 'SGLang') {
      dpAttention = true;
    } else if (opaque.has(flag) || (flag.startsWith('--') && parallelFamilyRe.test(flag))) {
      return undefined;
    }
  }
  if (server === 'TGI') {
    for (const e of env) {
      if (e.name === 'SHARDED') {
        return undefined;
      }
      if (e.name === 'NUM_SHARD' && !byDimension.has('shards')) {
        const size = sizeOf(e.value);
        if (size === undefined || size < 1) {
          return undefined;
        }
        byDimension.set('shards', { flag: 'NUM_SHARD', size });
      }
    }
    if (!byDimension.has('shards')) {
      return undefined;
    }
  }
  if (dpAttention) {
    byDimension.delete('dp');
  }
  const sizes = [...byDimension.values()].sort((a, b) => Number(b.size > 1) - Number(a.size > 1));
  return { gpus: sizes.reduce((product, s) => product * s.size, 1), sizes };
}
