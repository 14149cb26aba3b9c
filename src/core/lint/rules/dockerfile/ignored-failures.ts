import type { ShellCommand, ShellWord } from '../../dockerfile/shell';
import { effectiveCommand } from '../../dockerfile/shell';
import { hasShortOption } from './posix-runs';
import { errexitOption } from '../../dockerfile/errexit-option';

/** Commands whose failure a script may ignore because they (almost) never fail, or whose failure ends it anyway. */
const cannotFail = new Set([':', 'true', 'echo', 'printf', 'set', 'export', 'unset', 'readonly', 'declare', 'typeset', 'local', 'shopt', 'umask', 'trap', 'alias', 'hash', 'exit', 'return', 'sleep']);
/** `rm -f` and `mkdir -p` succeed on what they usually meet (a missing file, an existing directory): option letter, long option. */
const forgivingOptions = new Map([
  ['rm', ['f', '--force']],
  ['mkdir', ['p', '--parents']],
]);

function forgiving(name: string, args: readonly ShellWord[]): boolean {
  const [letter, long] = forgivingOptions.get(name) ?? [];
  return letter !== undefined && (hasShortOption(args, letter) || args.some((a) => a.value === long));
}

/** Command words that open a compound command read as one (`for NAME in …`): their body follows. */
const compoundHeads = new Set(['for', 'select', 'function']);

type Frame = 'if' | 'loop-condition' | 'loop' | 'group' | 'subshell';

/** Applies a command's leading keywords to the open compound commands; false where they do not fit. */
function applyKeywords(stack: Frame[], keywords: readonly string[]): boolean {
  for (const keyword of keywords) {
    const top = stack.at(-1);
    if (keyword === 'if') {
      stack.push('if');
    } else if (keyword === 'while' || keyword === 'until') {
      stack.push('loop-condition');
    } else if (keyword === '{') {
      stack.push('group');
    } else if (keyword === 'do') {
      if (top === 'loop-condition') {
        stack.pop();
      }
      // `for NAME in …; do` opens its loop here: `for` is read as a command word.
      stack.push('loop');
    } else if (keyword === 'fi' || keyword === 'done' || keyword === '}') {
      const expected: Frame = keyword === 'fi' ? 'if' : keyword === 'done' ? 'loop' : 'group';
      if (top !== expected) {
        return false;
      }
      stack.pop();
    }
  }
  return true;
}

/** A command the script runs at its top level whose failure errexit would stop at: the last of its and-or list. */
function failureStops(command: ShellCommand): boolean {
  if ((command.after !== ';' && command.after !== '\n') || command.keywords?.includes('!')) {
    return false;
  }
  const eff = effectiveCommand(command);
  if (eff === undefined) {
    // `VERSION=$(curl …)` takes the substitution's status; a plain assignment cannot fail.
    return command.words.length === 0 && command.assignments.some((w) => w.raw.includes('$(') || w.raw.includes('`'));
  }
  return !cannotFail.has(eff.name) && !compoundHeads.has(command.words[0]?.value ?? '') && !forgiving(eff.name, eff.args);
}

/**
 * The first command of a script run without errexit whose failure the script goes past: a top-level command, not the
 * last, that can fail and ends its and-or list (`a && b` then `c`: `b`; with errexit, `a` would not stop it either).
 * None when the script sets or clears errexit itself (`set -e`, `set +e`, a `trap … ERR`) before it, or when its
 * compound commands cannot be followed.
 */
export function firstIgnoredFailure(commands: readonly ShellCommand[]): ShellCommand | undefined {
  const stack: Frame[] = [];
  for (let k = 0; k < commands.length; k++) {
    const command = commands[k] as ShellCommand;
    if (command.keywords && !applyKeywords(stack, command.keywords)) {
      return undefined;
    }
    if (command.before === '(') {
      stack.push('subshell');
    }
    const eff = effectiveCommand(command);
    const args = eff?.args.map((a) => a.value) ?? [];
    if ((eff?.name === 'set' && errexitOption(args) !== undefined) || (eff?.name === 'trap' && args[args.length - 1] === 'ERR')) {
      return undefined;
    }
    if (stack.length === 0 && command.caseBranches === undefined && k < commands.length - 1 && failureStops(command)) {
      return command;
    }
    if (command.after === ')') {
      if (stack.at(-1) !== 'subshell') {
        return undefined;
      }
      stack.pop();
    }
  }
  return undefined;
}
