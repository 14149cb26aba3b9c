import { scriptIndexAt, scriptShells } from '../../dockerfile/exec-form';
import { MappedText } from '../../dockerfile/mapped-text';
import type { Instruction } from '../../dockerfile/model';
import type { ShellCommand, ShellWord } from '../../dockerfile/shell';
import { basename, effectiveCommand, splitShell } from '../../dockerfile/shell';

/** Why the shell of an exec-form `["bash", "-c", SCRIPT]` stays the container's process while the program runs as its child. */
export interface ShellKeptAsPid1 {
  /** The shell as the array names it (`/bin/bash`). */
  shell: string;
  /** The program that runs as the shell's child, as written, and its name (`python3`). */
  program: string;
  name: string;
  /** What the shell still runs after the program (`sleep infinity`), or undefined when the script ends in a pipeline. */
  after: string | undefined;
  /** The array with the program exec'd as the script's last command, where that is a plain edit of the script. */
  suggestion: string | undefined;
}

/** Commands that keep a container alive once the program before them is running or has ended. */
function keepsAlive(cmd: ShellCommand): boolean {
  const eff = effectiveCommand(cmd);
  const args = eff?.args.map((a) => a.value) ?? [];
  switch (eff?.name) {
    case 'sleep':
      return args.length === 1 && /^inf(?:inity)?$/.test(args[0] as string);
    case 'tail':
      return args.some((a) => a === '--follow' || a.startsWith('--follow=') || /^-[a-zA-Z]*[fF]/.test(a));
    case 'wait':
      return true;
    default:
      return false;
  }
}

/** Builtins that return at once: a script ending in one after the program (`serve || echo failed`) still waits for the program. */
const quickBuiltins = new Set(['echo', 'printf', 'true', 'false', ':', 'exit']);

/** Commands that set up, or start a daemon and return: never the program the container exists for. */
const setupCommands = new Set([
  'cd', 'export', 'source', '.', 'set', 'unset', 'umask', 'ulimit', 'shopt', 'alias', 'test', '[', '[[', 'sleep', 'wait', 'tail',
  'mkdir', 'rm', 'cp', 'mv', 'ln', 'chmod', 'chown', 'touch', 'cat', 'sed', 'envsubst', 'ls', 'pwd', 'id', 'whoami', 'env',
  'pip', 'pip3', 'uv', 'apt-get', 'apt', 'conda', 'mamba', 'micromamba', 'npm', 'yarn', 'git', 'curl', 'wget', 'huggingface-cli', 'hf',
  'service', 'systemctl', 'sshd', 'cron', 'crond', 'rsyslogd', 'dbus-daemon',
  ...quickBuiltins,
]);

/** Control structures, subshells and traps make the shell's process tree more than this reader follows: left alone. */
function plainList(cmds: readonly ShellCommand[]): boolean {
  return cmds.every(
    (c) => c.keywords === undefined && c.caseBranches === undefined && c.before !== '(' && c.before !== ')' && c.after !== '(' && c.after !== ')' && effectiveCommand(c)?.name !== 'trap',
  );
}

const pipedInto = (c: ShellCommand): boolean => c.before === '|' || c.before === '|&';
const inPipeline = (c: ShellCommand): boolean => pipedInto(c) || c.after === '|' || c.after === '|&';

/** The nearest command before `index` that could be the program the container exists for. */
function programBefore(cmds: readonly ShellCommand[], index: number): ShellCommand | undefined {
  for (let k = index - 1; k >= 0; k--) {
    const cmd = cmds[k] as ShellCommand;
    const name = effectiveCommand(cmd)?.name;
    if (name !== undefined && !setupCommands.has(name) && !inPipeline(cmd)) {
      return cmd;
    }
  }
  return undefined;
}

const start = (c: ShellCommand): number => Math.min(...[...c.assignments, ...c.words].map((w) => w.start));
const end = (c: ShellCommand): number => Math.max(...[...c.assignments, ...c.words].map((w) => w.end));

/** The script with `exec` before the program and what followed it dropped, when the program ends the list right before the last command. */
function execLast(text: string, cmds: readonly ShellCommand[], program: ShellCommand): string | undefined {
  const last = cmds[cmds.length - 1] as ShellCommand;
  if (cmds[cmds.length - 2] !== program || !['&&', ';', '\n'].includes(program.after ?? '') || !keepsAlive(last)) {
    return undefined;
  }
  const at = (program.words[0] as ShellWord).start;
  const kept = text.slice(at, start(last)).replace(/\s*(?:&&|;|\n)\s*$/, '');
  return `${text.slice(0, at)}exec ${kept}`;
}

const asArray = (values: readonly string[]): string => JSON.stringify(values).replace(/","/g, '", "');

/**
 * An exec-form CMD or ENTRYPOINT that hands a shell a script (`["/bin/bash", "-c", "cd /app && python3 server.py && sleep
 * infinity"]`) whose program no shell can exec: it is followed by another command the shell must wait to run, or the script
 * ends in a pipeline. The shell then stays PID 1, which ignores SIGTERM, and the program never gets it. A script whose
 * last command is the program is left alone: bash execs it (the last command of a `-c` string, also after `&&` or `;`
 * since bash 5.1), though dash does not.
 */
export function shellKeptAsPid1(instr: Instruction): ShellKeptAsPid1 | undefined {
  const values = instr.json?.map((j) => j.value) ?? [];
  if (values.length < 3 || !scriptShells.has(basename(values[0] as string))) {
    return undefined;
  }
  const at = scriptIndexAt(values, 0);
  const text = at === undefined || at < 0 ? undefined : values[at];
  if (text === undefined || at === undefined) {
    return undefined;
  }
  const cmds = splitShell(MappedText.build([{ text, line: 1, column: 1 }])).commands.filter((c) => c.words.length > 0);
  const last = cmds[cmds.length - 1];
  if (!last || !plainList(cmds) || last.words[0]?.value === 'exec' || last.after === '&') {
    return undefined;
  }
  const shell = values[0] as string;
  if (pipedInto(last)) {
    let first = cmds.length - 1;
    while (first > 0 && pipedInto(cmds[first] as ShellCommand)) {
      first--;
    }
    return { shell, program: text.slice(start(cmds[first] as ShellCommand), end(last)), name: '', after: undefined, suggestion: undefined };
  }
  const name = effectiveCommand(last)?.name ?? '';
  if (!keepsAlive(last) && !quickBuiltins.has(name)) {
    return undefined;
  }
  const program = programBefore(cmds, cmds.length - 1);
  if (!program) {
    return undefined;
  }
  const script = execLast(text, cmds, program);
  const suggestion = script === undefined ? undefined : asArray([...values.slice(0, at), script, ...values.slice(at + 1)]);
  const programName = effectiveCommand(program)?.name ?? '';
  return { shell, program: text.slice(start(program), end(program)), name: programName, after: text.slice(start(last), end(last)), suggestion };
}
