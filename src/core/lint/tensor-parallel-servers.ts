import { memoByString } from './string-memo';
import { afterLastSlash } from './after-last-slash';

/** LLM servers whose tensor-parallel workers (one process per GPU) exchange data through /dev/shm, as messages name them. */
export type TensorParallelServer = 'vLLM' | 'SGLang' | 'TGI' | 'LMDeploy';

/** The servers whose parallel sizes are read (server-parallelism.ts): the same. */
export type ParallelServer = TensorParallelServer;

/** Their programs, and the Python modules `-m` runs (`vllm.entrypoints.openai.api_server`, `sglang.launch_server`). */
const programs: ReadonlyMap<string, ParallelServer> = new Map([
  ['vllm', 'vLLM'],
  ['sglang', 'SGLang'],
  ['text-generation-launcher', 'TGI'],
]);

/**
 * Programs that serve only under a subcommand: `lmdeploy serve api_server`, not `lmdeploy chat`, `lite` or `convert`
 * (the openmmlab/lmdeploy images set no entry point of their own).
 */
const subcommandPrograms: ReadonlyMap<string, { server: ParallelServer; subcommand: readonly string[] }> = new Map([
  ['lmdeploy', { server: 'LMDeploy', subcommand: ['serve', 'api_server'] }],
]);

/** The server the program `name` at `words[k]` starts with the words after it, if any. */
function programServer(name: string, words: readonly string[], k: number): ParallelServer | undefined {
  const server = programs.get(name);
  if (server !== undefined) {
    return server;
  }
  const serving = subcommandPrograms.get(name);
  return serving?.subcommand.every((word, i) => words[k + 1 + i]?.replace(/["';&]+$/, '') === word) ? serving.server : undefined;
}

/**
 * Images whose entry point is such a server: vLLM's OpenAI server (its ROCm build `vllm/vllm-openai-rocm` too), TGI's
 * launcher (Google's `huggingface-text-generation-inference-…` too).
 */
const images: readonly { repository: RegExp; server: TensorParallelServer }[] = [
  { repository: /(?:^|\/)vllm-openai(?:-rocm)?$/, server: 'vLLM' },
  { repository: /(?:^|\/)(?:huggingface-)?text-generation-inference[^/]*$/, server: 'TGI' },
];

/** The server an image's entry point runs, decided once per repository. */
const imageServer = memoByString((repository: string): TensorParallelServer | undefined => images.find((i) => i.repository.test(repository))?.server);

/**
 * The vLLM, SGLang, TGI or LMDeploy server a command line starts (`words`: its program and arguments), else the image's
 * own when the image's entry point still runs (`entrypointKept`). For reporting paths.
 */
export function parallelServer(repository: string, words: readonly string[], entrypointKept: boolean): ParallelServer | undefined {
  for (let k = 0; k < words.length; k++) {
    const w = words[k] as string;
    const name = k > 0 && words[k - 1] === '-m' ? w.split('.')[0] : afterLastSlash(w);
    const server = programServer(name ?? '', words, k);
    if (server !== undefined) {
      return server;
    }
  }
  return entrypointKept ? imageServer(repository) : undefined;
}

/** The server of parallelServer, as MLK405's and MLC405's reasons name it. */
export const tensorParallelServer = parallelServer;
