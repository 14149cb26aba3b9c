import type { ServerFlags } from './server-flags';
import { lmDeployApiServerFlags, vllmServeFlags } from './server-flags';
import { afterLastSlash } from './after-last-slash';

/** Quotes (`"`, `'`) and the separators a word of a `sh -c` line may end in (`;`, `&`), by character code. */
const quoteCodes = [0x22, 0x27];
const closingCodes = [0x22, 0x27, 0x3b, 0x26];

/** A word of a `sh -c` line without the quotes and separators it keeps (`"Qwen/Qwen2.5-7B";`). */
const bare = (word: string | undefined): string | undefined => {
  // Most words have none at either end: no regex, no copy.
  if (word === undefined || (!quoteCodes.includes(word.charCodeAt(0)) && !closingCodes.includes(word.charCodeAt(word.length - 1)))) {
    return word;
  }
  return word.replace(/^["']+|["';&]+$/g, '');
};

const programName = (word: string): string => afterLastSlash(word);

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
    // The subcommand is read only after one of the programs (most words are none).
    if (name === 'lmdeploy' && bare(words[k + 1]) === 'serve' && bare(words[k + 2]) === 'api_server') {
      return { server: 'lmdeploy api_server', at: k };
    }
    if (name === 'sglang' && bare(words[k + 1]) === 'serve') {
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

/**
 * SGLang's `sglang serve` takes `--model-type X` out of its arguments, then reads the first one left as the model only
 * when it is no flag (python/sglang/cli/serve.py): a model after other flags is an error there, not the model.
 */
function sglangFirstArgument(words: readonly string[], k: number): string | undefined {
  for (;;) {
    const word = bare(words[k]);
    if (word === '--model-type') {
      k += 2;
    } else if (word?.startsWith('--model-type=')) {
      k++;
    } else {
      return firstArgument(words, k);
    }
  }
}

/** A shell operator or redirection word (`&&`, `|`, `;`, `>`, `2>&1`): the command's arguments end before it. */
const operatorRe = /^(?:[;&|]+|\d*[<>].*)$/;

/** A word after which the command ends (`8000;`, `--enforce-eager &&`), or a redirection. */
const endsCommandRe = /[;&|]$|^\d*[<>]/;

/** A word with an unpaired quote: part of a quoted value a whitespace split cut (`'{"a":` of `'{"a": 1}'`). */
const cutQuotedRe = /^[^"]*"(?:[^"]*"[^"]*")*[^"]*$|^[^']*'(?:[^']*'[^']*')*[^']*$/;

/** A word the flag before it takes as its value, as far as the words tell: none that ends the command or is cut from a quoted value. */
const takenValue = (word: string): boolean => !endsCommandRe.test(word) && !cutQuotedRe.test(word);

/** vLLM's parser reads `--max_model_len` as `--max-model-len` (underscores before any `.` become dashes). */
const vllmFlagName = (flag: string): string => (flag.includes('_') ? flag.replace(/^--[^.]*/, (name) => name.replaceAll('_', '-')) : flag);

/**
 * The positional argument from `words[from]` on as argparse reads it, past the flags before it: `--flag=value` words,
 * and flags `flags` knows with the words their arity takes. Undefined at the first flag it does not know (its arity
 * would be a guess), when the command ends first, or when no argument is left.
 */
function positionalAfterFlags(words: readonly string[], from: number, flags: ServerFlags, flagName = (flag: string): string => flag): string | undefined {
  let k = from;
  while (k < words.length) {
    const raw = words[k] as string;
    const word = bare(raw) as string;
    if (!word.startsWith('-')) {
      return operatorRe.test(raw) ? undefined : firstArgument(words, k);
    }
    const arity = word.startsWith('--') && word.includes('=') ? 'joined' : flags.get(flagName(word));
    if (arity === undefined || endsCommandRe.test(raw)) {
      return undefined;
    }
    k++;
    if (arity === 'one') {
      const value = words[k];
      if (value === undefined || !takenValue(value) || bare(value)?.startsWith('--')) {
        return undefined;
      }
      k++;
    } else if (arity === 'many') {
      for (; k < words.length && !bare(words[k])?.startsWith('-'); k++) {
        if (!takenValue(words[k] as string)) {
          return undefined;
        }
      }
    }
  }
  return undefined;
}

/** The positional model of an `lmdeploy serve api_server` or `sglang serve` started at `start`. */
function positionalOf(words: readonly string[], start: ServerStart): string | undefined {
  if (start.server === 'lmdeploy api_server') {
    return positionalAfterFlags(words, start.at + 3, lmDeployApiServerFlags);
  }
  return start.server === 'sglang serve' ? sglangFirstArgument(words, start.at + 2) : undefined;
}

/**
 * The model a server command names by its position, as written: `vllm serve <model>` and `lmdeploy serve api_server
 * <model>` (by program, path or `python -m lmdeploy`), also after flags whose arity server-flags.ts knows (`vllm serve
 * --port 8000 <model>`), and `sglang serve <model>` (SGLang reads only a first argument that is no flag as
 * --model-path). Undefined when the command starts none of them, gives the model by a flag, or an unknown flag comes
 * first.
 */
export function positionalModel(words: readonly string[]): string | undefined {
  for (let k = 0; k < words.length; k++) {
    const name = programName(words[k] as string);
    // The subcommand is read only after one of the programs (most words are none).
    if (name !== 'vllm' && name !== 'sglang' && name !== 'lmdeploy') {
      continue;
    }
    const sub = bare(words[k + 1]);
    if (name === 'vllm' && sub === 'serve') {
      return positionalAfterFlags(words, k + 2, vllmServeFlags, vllmFlagName);
    }
    if (name === 'sglang' && sub === 'serve') {
      return sglangFirstArgument(words, k + 2);
    }
    if (name === 'lmdeploy' && sub === 'serve' && bare(words[k + 2]) === 'api_server') {
      return positionalAfterFlags(words, k + 3, lmDeployApiServerFlags);
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
