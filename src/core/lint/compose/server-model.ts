/** A word of a `sh -c` line without the quotes and separators it keeps (`"Qwen/Qwen2.5-7B";`). */
const bare = (word: string | undefined): string | undefined => word?.replace(/^["']+|["';&]+$/g, '');

const programName = (word: string): string => word.slice(word.lastIndexOf('/') + 1);

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

/**
 * The model a server command names by its position, as written: `vllm serve <model>`, `sglang serve <model>` (SGLang
 * reads a first argument that is no flag as --model-path) and `lmdeploy serve api_server <model>` (by program, path or
 * `python -m lmdeploy`). Undefined when the command starts none of them or gives the model by a flag.
 */
export function positionalModel(words: readonly string[]): string | undefined {
  for (let k = 0; k < words.length; k++) {
    const name = programName(words[k] as string);
    const sub = bare(words[k + 1]);
    if ((name === 'vllm' || name === 'sglang') && sub === 'serve') {
      return name === 'vllm' ? firstArgument(words, k + 2) : sglangFirstArgument(words, k + 2);
    }
    if (name === 'lmdeploy' && sub === 'serve' && bare(words[k + 2]) === 'api_server') {
      return firstArgument(words, k + 3);
    }
  }
  return undefined;
}

/** The value of `--model-path X` or `--model-path=X`. */
function modelPathFlag(words: readonly string[]): string | undefined {
  for (let k = 0; k < words.length; k++) {
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
  for (let k = 0; k < words.length; k++) {
    const word = words[k] as string;
    const name = programName(word);
    const sub = bare(words[k + 1]);
    if ((name === 'lmdeploy' && sub === 'serve' && bare(words[k + 2]) === 'api_server') || (name === 'sglang' && sub === 'serve')) {
      return positionalModel(words.slice(k)) ?? modelPathFlag(words.slice(k));
    }
    if (word === 'sglang.launch_server' && words[k - 1] === '-m') {
      return modelPathFlag(words.slice(k));
    }
  }
  return undefined;
}
