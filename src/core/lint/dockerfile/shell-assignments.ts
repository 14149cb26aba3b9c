import type { ShellCommand, ShellWord } from './shell';
import { basename, effectiveCommand } from './shell';
import type { ScriptCommand } from './wrapped';

const nameRe = /^[A-Za-z_][A-Za-z0-9_]*$/;
const assignmentNameRe = /^([A-Za-z_][A-Za-z0-9_]*)\+?=/;

/**
 * Builtins whose operands name variables they set (`export NAME=…`, `read NAME`), each with its options that take the
 * next word as their value (`read -p PROMPT`, `mapfile -d DELIM`); `read -a NAME` fills the array NAME.
 */
const declaring: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['export', new Set<string>()],
  ['declare', new Set<string>()],
  ['typeset', new Set<string>()],
  ['local', new Set<string>()],
  ['readonly', new Set<string>()],
  ['let', new Set<string>()],
  ['read', new Set(['-d', '-i', '-n', '-N', '-p', '-t', '-u'])],
  ['mapfile', new Set(['-d', '-n', '-O', '-s', '-u', '-C', '-c'])],
  ['readarray', new Set(['-d', '-n', '-O', '-s', '-u', '-C', '-c'])],
]);

function operandNames(words: readonly ShellWord[], optionsWithValue: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let k = 0; k < words.length; k++) {
    const w = (words[k] as ShellWord).value;
    if (w.startsWith('-')) {
      k += optionsWithValue.has(w) ? 1 : 0;
      continue;
    }
    const name = assignmentNameRe.exec(w)?.[1] ?? (nameRe.test(w) ? w : undefined);
    if (name !== undefined) {
      out.push(name);
    }
  }
  return out;
}

/** Names the command sets in its shell: `NAME=…` alone, `export`/`declare`/`read` operands, `for NAME in`, `printf -v NAME`, `getopts … NAME`. */
export function namesSet(command: ShellCommand): string[] {
  const first = command.words[0];
  if (!first) {
    return command.assignments.map((a) => assignmentNameRe.exec(a.value)?.[1] ?? '').filter((n) => n !== '');
  }
  const options = declaring.get(first.value);
  if (options === undefined && !nameSetters.has(first.value)) {
    // Most commands set no name: asked of every command of every RUN, this spares them a copy of their words.
    return [];
  }
  const rest = command.words.slice(1);
  switch (first.value) {
    case 'for':
    case 'select':
      return rest[0] && nameRe.test(rest[0].value) ? [rest[0].value] : [];
    case 'printf': {
      const at = rest.findIndex((w) => w.value === '-v');
      return at >= 0 && rest[at + 1] ? [rest[at + 1]?.value ?? ''] : [];
    }
    case 'getopts':
      return rest[1] ? [rest[1].value] : [];
    default:
      return options ? operandNames(rest, options) : [];
  }
}

/** The programs besides the declaring builtins that namesSet reads a name from. */
const nameSetters = new Set(['for', 'select', 'printf', 'getopts']);

const shells = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh']);

/** A shell started as a login or interactive one (`bash -l`, `bash -lc "…"`, `sh -i`), which reads profile files first. */
export function loginOrInteractive(words: readonly string[]): boolean {
  return words.some((w) => w === '--login' || w === '-l' || w === '-i' || /^-[a-z]*[li][a-z]*$/.test(w));
}

/**
 * The command may set variables this file cannot see: it sources a file (`. /etc/profile`, `source ~/.bashrc`),
 * evaluates text (`eval "$(conda shell.bash hook)"`), exports names it computes (`export $(cat .env | xargs)`),
 * exports everything it reads after `set -a`, or starts a login or interactive shell or `su -`.
 */
export function setsUnknownVariables(command: ShellCommand): boolean {
  const eff = effectiveCommand(command);
  if (!eff) {
    return false;
  }
  const args = (): string[] => eff.args.map((a) => a.value);
  switch (eff.name) {
    case 'source':
    case '.':
    case 'eval':
      return true;
    case 'set':
      return args().some((a) => /^-[a-z]*a/.test(a)) || args().includes('allexport');
    case 'export':
    case 'declare':
    case 'typeset':
      return eff.args.some((a) => a.raw.startsWith('$') || a.raw.startsWith('"$'));
    case 'su':
    case 'runuser':
      return args().some((a) => a === '-' || a === '-l' || a === '--login');
    default:
      return shells.has(basename(eff.name)) && loginOrInteractive(args().filter((a) => a.startsWith('-')));
  }
}

/** Every name the RUN's commands set, and whether any of them may set names unseen. */
export function runAssignments(commands: readonly ScriptCommand[]): { names: Set<string>; opaque: boolean } {
  const names = new Set<string>();
  let opaque = false;
  for (const { command } of commands) {
    for (const name of namesSet(command)) {
      names.add(name);
    }
    opaque ||= setsUnknownVariables(command);
  }
  return { names, opaque };
}
