import { memoByString } from './string-memo';

/** LLM servers whose tensor-parallel workers (one process per GPU) exchange data through /dev/shm, as messages name them. */
export type TensorParallelServer = 'vLLM' | 'SGLang' | 'TGI';

/** Their programs, and the Python modules `-m` runs (`vllm.entrypoints.openai.api_server`, `sglang.launch_server`). */
const programs: ReadonlyMap<string, TensorParallelServer> = new Map([
  ['vllm', 'vLLM'],
  ['sglang', 'SGLang'],
  ['text-generation-launcher', 'TGI'],
]);

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
 * The vLLM, SGLang or TGI server a command line starts (`words`: its program and arguments), else the image's own when
 * the image's entry point still runs (`entrypointKept`). For reporting paths.
 */
export function tensorParallelServer(repository: string, words: readonly string[], entrypointKept: boolean): TensorParallelServer | undefined {
  for (let k = 0; k < words.length; k++) {
    const w = words[k] as string;
    const name = words[k - 1] === '-m' ? w.split('.')[0] : w.slice(w.lastIndexOf('/') + 1);
    const server = programs.get(name ?? '');
    if (server !== undefined) {
      return server;
    }
  }
  return entrypointKept ? imageServer(repository) : undefined;
}
