import { errexitOption } from '../../dockerfile/errexit-option';
import { readsScriptFromStdin } from '../../dockerfile/semantic';
import type { ShellCommand } from '../../dockerfile/shell';
import { basename, effectiveCommand, programIndex } from '../../dockerfile/shell';

/** The shell that reads a heredoc on its stdin, as the message names it, and whether it starts with errexit on. */
export interface StdinShell {
  runs: string;
  errexit: boolean;
}

/** `words` start a shell that reads stdin: its name and errexit. */
function shellOf(words: readonly string[]): { name: string; errexit: boolean } | undefined {
  return readsScriptFromStdin(words) ? { name: basename(words[0] as string), errexit: errexitOption(words.slice(1)) === true } : undefined;
}

/** su's and runuser's options that take the next word as their value. */
const suOptionsWithValue = new Set(['-c', '--command', '-s', '--shell', '-g', '--group', '-G', '--supp-group', '-w', '--whitelist-environment', '--session-command', '-u', '--user']);

/**
 * su's options (long ones written `--name=value` under `--name`) and its operands (the user, then the shell's
 * arguments); with `stopAtOperand` everything from the first operand on is one (runuser -u's command and its options).
 */
function readSu(args: readonly string[], stopAtOperand: boolean): { options: Map<string, string>; operands: string[] } {
  const options = new Map<string, string>();
  const operands: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const a = args[k] as string;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    if (eq > 0) {
      options.set(a.slice(0, eq), a.slice(eq + 1));
    } else if (suOptionsWithValue.has(a)) {
      options.set(a, args[++k] ?? '');
    } else if (a === '--' || (stopAtOperand && !a.startsWith('-'))) {
      operands.push(...args.slice(a === '--' ? k + 1 : k));
      break;
    } else if (a.startsWith('-') && a !== '-') {
      options.set(a, '');
    } else if (a !== '-') {
      operands.push(a);
    }
  }
  return { options, operands };
}

/**
 * `su [-] [USER] <<EOF` runs USER's login shell on the heredoc; `su USER -c 'bash -e' <<EOF` has that shell read it (a
 * command that is no plain shell: none). `runuser -u USER [--] bash <<EOF` runs the command directly, as sudo does.
 */
function suShell(name: string, args: readonly string[]): StdinShell | undefined {
  const commandForm = name === 'runuser' && args.some((a) => a === '-u' || a === '--user' || a.startsWith('--user='));
  const { options, operands } = readSu(args, commandForm);
  if (commandForm) {
    const shell = shellOf(operands);
    return shell && { runs: `${shell.name}, run by runuser, reads it without -e`, errexit: shell.errexit };
  }
  const command = options.get('-c') ?? options.get('--command');
  if (command !== undefined) {
    // Only a plain `bash -e`-like string: anything the shell would expand or split on is not judged.
    const shell = /^[\w\s./+-]+$/.test(command) ? shellOf(command.trim().split(/\s+/)) : undefined;
    return shell && { runs: `${shell.name}, started by ${name} -c, reads it without -e`, errexit: shell.errexit };
  }
  const loginShell = options.get('-s') ?? options.get('--shell');
  if (operands.length > 1 || (loginShell !== undefined && !readsScriptFromStdin([loginShell]))) {
    return undefined;
  }
  return { runs: `${name} runs ${operands[0] ?? 'root'}'s login shell on it without -e`, errexit: false };
}

/** `sudo -i <<EOF` / `sudo -s <<EOF` with no command: sudo starts the (login) shell, which reads the heredoc. */
function sudoStartsShell(words: readonly string[]): boolean {
  const options = words.slice(1);
  return programIndex(words.length, (k) => words[k] as string) >= words.length && options.some((a) => a === '--shell' || a === '--login' || /^-[A-Za-z]*[is]/.test(a));
}

/**
 * The shell that reads a heredoc given to `command` on stdin: a shell with options only (`bash -x`), also behind
 * wrappers (`sudo -E sh`, `gosu app bash`, `env X=1 bash`), su and runuser (`su - app`, `su app -c bash`), and the
 * shell `sudo -i` starts. Undefined when the command is no shell reading stdin (`python3`, `tee /f`, `su -c make`).
 */
export function stdinShell(command: ShellCommand): StdinShell | undefined {
  const words = command.words.map((w) => w.value);
  if (basename(words[0] ?? '') === 'sudo' && sudoStartsShell(words)) {
    return { runs: 'the shell sudo starts reads it without -e', errexit: false };
  }
  const eff = effectiveCommand(command);
  if (!eff) {
    return undefined;
  }
  const args = eff.args.map((a) => a.value);
  if (eff.name === 'su' || eff.name === 'runuser') {
    return suShell(eff.name, args);
  }
  const shell = shellOf([eff.name, ...args]);
  const wrapper = eff.wrappers[0];
  return shell && { runs: `${wrapper ? `${basename(wrapper.value)} ${shell.name}` : shell.name} reads it without -e`, errexit: shell.errexit };
}
