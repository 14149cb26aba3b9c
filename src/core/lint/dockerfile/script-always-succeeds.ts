import { errexitOption } from './errexit-option';
import { MappedText } from './mapped-text';
import type { ShellCommand } from './shell';
import { splitShell } from './shell';

/** Programs that exit 0 whatever their arguments, run directly or by a shell. */
export const succeedingPrograms = new Set(['true', '/bin/true', '/usr/bin/true', 'echo', '/bin/echo', '/usr/bin/echo']);

/** Commands that only succeed, with no output either: `|| true` or `|| :` after a check is only there to hide its failure. */
const nothingButSuccess = new Set([':', 'true', '/bin/true', '/usr/bin/true']);

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
 * Whether each and-or list of the script always exits 0, in order, `failing` counted as a command that can fail;
 * undefined for a script with a command it does not judge. A pipeline counts as succeeding only if all its commands do
 * (pipefail may be set); `a || b` succeeds if either side does, `a && b` only if both do.
 */
function listsSucceed(commands: readonly ShellCommand[], failing?: ShellCommand): boolean[] | undefined {
  const lists: boolean[] = [];
  let list: boolean | undefined;
  let joiner: string | undefined;
  let pipeline = true;
  for (const cmd of commands) {
    const words = cmd.words.map((w) => w.value);
    if (unjudged(cmd, words)) {
      return undefined;
    }
    pipeline &&= cmd !== failing && succeeds(words);
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
 * The commands, as a shell runs them, can only exit 0: the last and-or list always succeeds (`curl -f … || true`,
 * `check; exit 0`) and nothing before it leaves the shell; with errexit (`sh -ec`, `set -e`) every list must, since any
 * failing one ends the script. `failing` is counted as a command that can fail.
 */
function succeedsWith(commands: readonly ShellCommand[], errexit: boolean, failing?: ShellCommand): boolean {
  const lists = listsSucceed(commands, failing);
  if (lists === undefined || lists.length === 0) {
    return false;
  }
  return errexit || commands.some(setsErrexit) ? lists.every(Boolean) : lists[lists.length - 1] === true;
}

/** The script can only exit 0 (see succeedsWith). */
export function scriptAlwaysSucceeds(script: string, errexit: boolean): boolean {
  return succeedsWith(splitShell(MappedText.build([{ text: script, line: 1, column: 1 }])).commands, errexit);
}

/** How a script that always succeeds does so (see alwaysSucceeding). */
export interface AlwaysSucceeds {
  /**
   * The `true`, `:` or `exit 0` after the last `||` that alone makes the script always succeed (`curl -f … || exit 0`):
   * with `exit 1` in its place the script fails when the check does. Absent when the script would still always
   * succeed without it (`true || true`).
   */
  fallback?: ShellCommand;
  /** Every command is one that succeeds (`true`, `echo ok`, `exit 0`): there is no check to keep. */
  checksNothing: boolean;
}

/** Whether the commands always succeed (see succeedsWith), and how; undefined when they can fail. */
export function alwaysSucceeding(commands: readonly ShellCommand[], errexit: boolean): AlwaysSucceeds | undefined {
  if (!succeedsWith(commands, errexit)) {
    return undefined;
  }
  const checksNothing = commands.every((cmd) => succeeds(cmd.words.map((w) => w.value)));
  const last = commands[commands.length - 1];
  const words = last?.words.map((w) => w.value) ?? [];
  const replaceable = nothingButSuccess.has(words[0] ?? '') || isExitZero(words);
  return last && last.before === '||' && replaceable && !succeedsWith(commands, errexit, last) ? { fallback: last, checksNothing } : { checksNothing };
}
