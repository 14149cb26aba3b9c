import { basename } from './shell';

/** The shells whose `-c` takes a script. */
export const scriptShells = new Set(['sh', 'bash', 'dash', 'ash', 'zsh']);
/** A short-option cluster with `c` in it (`-c`, `-lc`, `-ec`, `-euxc`): the shell's next argument is its script. */
const commandOption = /^-[A-Za-z]*c[A-Za-z]*$/;
/** Programs that run a command through a user's login shell (`su -c`, `runuser -c`). */
const userSwitchers = new Set(['su', 'runuser']);
/** Shell options that take the next argument as their value: `-o`/`-O`, alone or ending a cluster (`bash -euo pipefail -c …`). */
const optionWithValue = /^[-+][A-Za-z]*[oO]$/;
/** Long shell options that take the next argument as their value (`bash --rcfile FILE`). */
export const longOptionsWithValue: ReadonlySet<string> = new Set(['--rcfile', '--init-file']);

/** The number of arguments the shell option at `j` takes up: two when it takes the next one as its value. */
function optionLength(args: readonly string[], j: number): number {
  const option = args[j] as string;
  return optionWithValue.test(option) || longOptionsWithValue.has(option) ? 2 : 1;
}

/**
 * Where the script is after a shell's `-c` at `j`: the first argument that is no option, as the shell reads its
 * options up to it (`bash -c -- "…"`, `bash -c -x "…"`); -1 when none is left.
 */
function scriptAfterCommandOption(args: readonly string[], j: number): number {
  let k = j + 1;
  while (k < args.length && /^[-+]./.test(args[k] as string)) {
    if (args[k] === '--') {
      k++;
      break;
    }
    k += optionLength(args, k);
  }
  return k < args.length ? k : -1;
}

/**
 * Where the script of a shell in the argument list is (`["sh", "-c", SCRIPT]`, behind a wrapper as in `["tini",
 * "--", "bash", "-lc", SCRIPT]` or `["gosu", "app", "sh", "-c", SCRIPT]`): that shell expands what it holds.
 * Arguments after it are the script's `$0`, `$1`…, which reach it as written. -1 when no shell is given a script.
 */
export function shellScriptIndex(args: readonly string[]): number {
  for (let k = 0; k < args.length; k++) {
    const at = scriptIndexAt(args, k);
    if (at !== undefined) {
      return at;
    }
  }
  return -1;
}

/**
 * Where the script is when the program at `k` is a shell given one with `-c` or a user switcher given one with `-c`
 * (-1 when that option ends the list); undefined when that program takes no script this way.
 */
export function scriptIndexAt(args: readonly string[], k: number): number | undefined {
  const program = basename(args[k] as string);
  if (userSwitchers.has(program)) {
    // `su [user] -c COMMAND`, `runuser -u user -c COMMAND`: the user's shell runs COMMAND.
    const at = args.findIndex((a, j) => j > k && (a === '-c' || a === '--command' || a.startsWith('--command=')));
    if (at < 0) {
      return undefined;
    }
    return (args[at] as string).startsWith('--command=') ? at : at + 1 < args.length ? at + 1 : -1;
  }
  if (!scriptShells.has(program)) {
    return undefined;
  }
  for (let j = k + 1; j < args.length; j += optionLength(args, j)) {
    const option = args[j] as string;
    if (commandOption.test(option)) {
      return scriptAfterCommandOption(args, j);
    }
    if (!/^[-+]./.test(option) || option === '--') {
      return undefined;
    }
  }
  return undefined;
}

/** Programs scriptIndexAt may find a script for. */
export function takesScript(program: string): boolean {
  return scriptShells.has(program) || userSwitchers.has(program);
}
