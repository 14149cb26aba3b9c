/** A word of a `sh -c` line without the quotes and separators it keeps (`"Qwen/Qwen2.5-7B";`). */
const bare = (word: string | undefined): string | undefined => word?.replace(/^["']+|["';&]+$/g, '');

const programName = (word: string): string => word.slice(word.lastIndexOf('/') + 1);

/**
 * Where a command starts LMDeploy's or SGLang's HTTP server: `lmdeploy serve api_server` (by program, path or `python
 * -m lmdeploy`; not `chat`, `lite`, `convert`, `serve proxy` or `serve gradio`), `sglang serve`, or `python -m
 * sglang.launch_server` (which takes its model only by --model-path). `at` is the index of the program or module word.
 */
interface ServerStart {
  readonly server: 'lmdeploy api_server' | 'sglang serve' | 'sglang.launch_server';
  readonly at: number;
}

function lmDeployOrSglangStart(words: readonly string[]): ServerStart | undefined {
  for (let k = 0; k < words.length; k++) {
    const word = words[k] as string;
    const name = programName(word);
    const sub = bare(words[k + 1]);
    if (name === 'lmdeploy' && sub === 'serve' && bare(words[k + 2]) === 'api_server') {
      return { server: 'lmdeploy api_server', at: k };
    }
    if (name === 'sglang' && sub === 'serve') {
      return { server: 'sglang serve', at: k };
    }
    if (word === 'sglang.launch_server' && words[k - 1] === '-m') {
      return { server: 'sglang.launch_server', at: k };
    }
  }
  return undefined;
}

/** The command starts LMDeploy's or SGLang's HTTP server (see ServerStart). */
export function startsLmDeployOrSglangServer(words: readonly string[]): boolean {
  return lmDeployOrSglangStart(words) !== undefined;
}

/** The first argument, when it is no flag: the server's positional model. */
function firstArgument(words: readonly string[], k: number): string | undefined {
  const word = bare(words[k]);
  return word && !word.startsWith('-') ? word : undefined;
}

/** SGLang's CLI takes `--model-type X` out of the arguments before it reads a first one that is no flag as the model. */
function sglangFirstArgument(words: readonly string[], k: number): string | undefined {
  while (bare(words[k]) === '--model-type') {
    k += 2;
  }
  while (bare(words[k])?.startsWith('--model-type=')) {
    k++;
  }
  return firstArgument(words, k);
}

/** The positional model of an `lmdeploy serve api_server` or `sglang serve` started at `start`. */
function positionalOf(words: readonly string[], start: ServerStart): string | undefined {
  if (start.server === 'lmdeploy api_server') {
    return firstArgument(words, start.at + 3);
  }
  return start.server === 'sglang serve' ? sglangFirstArgument(words, start.at + 2) : undefined;
}

/**
 * The model a server command names by its position, as written: `vllm serve <model>`, `sglang serve <model>` (SGLang
 * reads a first argument that is no flag as --model-path) and `lmdeploy serve api_server <model>` (by program, path or
 * `python -m lmdeploy`). Undefined when the command starts none of them or gives the model by a flag.
 */
export function positionalModel(words: readonly string[]): string | undefined {
  for (let k = 0; k < words.length; k++) {
    const name = programName(words[k] as string);
    const sub = bare(words[k + 1]);
    if (name === 'vllm' && sub === 'serve') {
      return firstArgument(words, k + 2);
    }
    if (name === 'sglang' && sub === 'serve') {
      return sglangFirstArgument(words, k + 2);
    }
    if (name === 'lmdeploy' && sub === 'serve' && bare(words[k + 2]) === 'api_server') {
      return firstArgument(words, k + 3);
    }
  }
  return undefined;
}

/** The positional model of LMDeploy's or SGLang's HTTP server, as written; undefined for vLLM and for a model given by a flag. */
export function lmDeployOrSglangPositionalModel(words: readonly string[]): string | undefined {
  const start = lmDeployOrSglangStart(words);
  return start === undefined ? undefined : positionalOf(words, start);
}

/** The value of `--model-path X` or `--model-path=X` from `words[from]` on. */
function modelPathFlag(words: readonly string[], from: number): string | undefined {
  for (let k = from; k < words.length; k++) {
    const word = bare(words[k]) as string;
    if (word === '--model-path') {
      return bare(words[k + 1]);
    }
    if (word.startsWith('--model-path=')) {
      return word.slice('--model-path='.length);
    }
  }
  return undefined;
}

/**
 * The model an LMDeploy or SGLang HTTP server downloads (`lmdeploy serve api_server <model>`, `sglang serve <model>`,
 * `python -m sglang.launch_server --model-path <model>`), as written; undefined for other commands and other
 * LMDeploy subcommands (chat, lite, convert, serve proxy or gradio).
 */
export function lmDeployOrSglangModel(words: readonly string[]): string | undefined {
  const start = lmDeployOrSglangStart(words);
  return start === undefined ? undefined : (positionalOf(words, start) ?? modelPathFlag(words, start.at));
}
