import type { ServerFlags } from './server-flags';

/**
 * Nothing but one variable's value: `$ARGS`, `${ARGS}`, `${ARGS:-}`, Kubernetes' `$(ARGS)`, Compose's escaped `$$ARGS`,
 * a script's `$@` or `$*`; quotes around it and a separator after it aside.
 */
const variableWordRe = /^\$\$?(?:[A-Za-z_][A-Za-z0-9_]*|[@*]|\{[^{}]*\}|\([A-Za-z_][A-Za-z0-9_]*\))$/;
const wrappingRe = /^["']+|["';&]+$/g;

/** The subcommands whose next word is the server's positional model (`vllm serve`, `sglang serve`, `lmdeploy serve api_server`). */
const modelSubcommands = new Set(['serve', 'api_server']);

function isVariableWord(word: string): boolean {
  return word.startsWith('$') || word.startsWith('"$') || word.startsWith("'$") ? variableWordRe.test(word.replace(wrappingRe, '')) : false;
}

/** The variable after `previous` is its value: a flag without an inline value (other than one `flags` knows takes none), or a server's model slot. */
function takesValue(previous: string | undefined, flags: ServerFlags | undefined): boolean {
  if (previous === undefined) {
    return false;
  }
  const bare = previous.replace(wrappingRe, '');
  if (modelSubcommands.has(bare)) {
    return true;
  }
  return /^--?[A-Za-z]/.test(bare) && !bare.includes('=') && flags?.get(bare) !== 'none';
}

/**
 * The command passes a variable's value as arguments of their own (`vllm serve M ${EXTRA_ARGS}`, `exec vllm serve "$@"`):
 * it may hold any flags, several of them where Compose or a shell splits it into words. A variable that is a flag's value
 * (`--model ${MODEL}`) or the positional model (`vllm serve $(MODEL)`) is not one. `flags`: the server's flag table,
 * whose flags without a value do not take the variable after them.
 */
export function passesVariableArguments(words: readonly string[], flags?: ServerFlags): boolean {
  for (let k = 0; k < words.length; k++) {
    if (isVariableWord(words[k] as string) && !takesValue(words[k - 1], flags)) {
      return true;
    }
  }
  return false;
}
