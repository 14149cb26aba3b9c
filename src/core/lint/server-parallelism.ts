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
