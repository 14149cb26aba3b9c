import { runScripts } from '../../dockerfile/semantic';
import type { ShellWord } from '../../dockerfile/shell';
import type { RunCommand } from './posix-runs';

/** su options followed by a value (util-linux and BusyBox): `-s /bin/bash`, `-g group`. */
const optionsWithValue = new Set(['-s', '--shell', '-g', '--group', '-G', '--supp-group', '-w', '--whitelist-environment']);
const commandOptionRe = /^--(?:command|session-command)(?:=|$)/;

/** su's operands, or undefined when it is given a command (`-c`, `--command`, a cluster such as `-lc`). */
function suOperands(args: readonly ShellWord[]): string[] | undefined {
  const out: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const a = (args[k] as ShellWord).value;
    if (a === '-') {
      continue;
    }
    if (a === '--') {
      out.push(...args.slice(k + 1).map((w) => w.value));
      break;
    }
    if (a.startsWith('--')) {
      if (commandOptionRe.test(a)) {
        return undefined;
      }
      k += optionsWithValue.has(a) ? 1 : 0;
      continue;
    }
    if (a.startsWith('-')) {
      if (a.includes('c')) {
        return undefined;
      }
      k += optionsWithValue.has(`-${a.slice(-1)}`) ? 1 : 0;
      continue;
    }
    out.push(a);
  }
  return out;
}

/**
 * `su -`, `sudo su`, `su - app`: su with no command opens an interactive shell, which in a build reads no input and
 * exits at once, so the commands after it still run as the same user. Not when su is given a command or a script
 * (`su app -c "…"`, `su - app script.sh`), nor when its input is a pipe, a redirection or a here-document (`echo … |
 * su postgres`, `su postgres <<EOF`), nor in a script the RUN hands a shell, whose input may be the script itself.
 */
export function interactiveSu(c: RunCommand): boolean {
  if (c.name !== 'su' || c.command.before === '|' || c.command.before === '|&') {
    return false;
  }
  const ownLine = c.script === runScripts(c.instr)[0] || (c.script.wrapping !== undefined && c.script.wrapping.command === undefined);
  const operands = suOperands(c.args);
  if (!ownLine || operands === undefined || operands.length > 1) {
    return false;
  }
  const commands = c.script.commands;
  const next = commands[commands.indexOf(c.command) + 1];
  const end = next ? Math.min(...[...next.assignments, ...next.words].map((w) => w.start)) : c.script.text.text.length;
  return !c.script.text.text.slice(c.nameWord.end, end).includes('<');
}
