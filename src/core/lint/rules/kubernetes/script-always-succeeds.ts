import { errexitOption } from '../../dockerfile/errexit-option';
import { MappedText } from '../../dockerfile/mapped-text';
import type { ShellCommand } from '../../dockerfile/shell';
import { splitShell } from '../../dockerfile/shell';

/** Programs that exit 0 whatever their arguments, run by the kubelet directly or by a shell. */
export const succeedingPrograms = new Set(['true', '/bin/true', '/usr/bin/true', 'echo', '/bin/echo', '/usr/bin/echo']);

/** Programs after which the script's status is no longer that of its last list: they end or replace the shell. */
const leavesScript = new Set(['exec', 'eval', 'return', 'source', '.']);

const isExitZero = (words: readonly string[]): boolean => words[0] === 'exit' && words.length === 2 && words[1] === '0';

/** A simple command that always exits 0: a succeeding program, `:`, `set` or `exit 0`. */
function succeeds(words: readonly string[]): boolean {
  const program = words[0] ?? '';
  return succeedingPrograms.has(program) || program === ':' || program === 'set' || isExitZero(words);
}

/**
 * A command outside what the list arithmetic below models: compound commands (their keywords, a subshell's or function's
 * parentheses, `case`), `|&`, and commands that leave the shell early (`exit 1`, `exec`).
 */
function unjudged(cmd: ShellCommand, words: readonly string[]): boolean {
  const program = words[0] ?? '';
  return (
    cmd.keywords !== undefined ||
    cmd.caseBranches !== undefined ||
    [cmd.before, cmd.after].some((op) => op === '(' || op === ')' || op === '|&') ||
    leavesScript.has(program) ||
    (program === 'exit' && !isExitZero(words))
  );
}

/**
 * Whether each and-or list of the script always exits 0, in order; undefined for a script with a command it does not
 * judge. A pipeline counts as succeeding only if all its commands do (pipefail may be set); `a || b` succeeds if either
 * side does, `a && b` only if both do.
 */
function listsSucceed(commands: readonly ShellCommand[]): boolean[] | undefined {
  const lists: boolean[] = [];
  let list: boolean | undefined;
  let joiner: string | undefined;
  let pipeline = true;
  for (const cmd of commands) {
    const words = cmd.words.map((w) => w.value);
    if (unjudged(cmd, words)) {
      return undefined;
    }
    pipeline &&= succeeds(words);
    if (cmd.after === '|') {
      continue;
    }
    list = list === undefined ? pipeline : joiner === '&&' ? list && pipeline : list || pipeline;
    pipeline = true;
    if (cmd.after === '&&' || cmd.after === '||') {
      joiner = cmd.after;
      continue;
    }
    lists.push(list);
    list = undefined;
    joiner = undefined;
  }
  return lists;
}

/** `set -e`, `set -euo pipefail`, `set -o errexit`: a failing list then ends the script. */
const setsErrexit = (cmd: ShellCommand): boolean => cmd.words[0]?.value === 'set' && errexitOption(cmd.words.slice(1).map((w) => w.value)) === true;

/**
 * The script can only exit 0: its last and-or list always succeeds (`curl -f … || true`, `check; exit 0`) and nothing
 * before it leaves the shell; with errexit (`sh -ec`, `set -e`) every list must, since any failing one ends the script.
 */
export function scriptAlwaysSucceeds(script: string, errexit: boolean): boolean {
  const { commands } = splitShell(MappedText.build([{ text: script, line: 1, column: 1 }]));
  const lists = listsSucceed(commands);
  if (lists === undefined || lists.length === 0) {
    return false;
  }
  return errexit || commands.some(setsErrexit) ? lists.every(Boolean) : lists[lists.length - 1] === true;
}
