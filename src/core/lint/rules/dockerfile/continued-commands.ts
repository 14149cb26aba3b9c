import type { ShellWord } from '../../dockerfile/shell';

/**
 * Commands that take any number of operands and never run one: a command name among them is only more text to
 * print or more file names. Wrappers (sudo, env, xargs, find -exec, sh -c …) run their operands and are left out.
 */
const operandTakers = new Map<string, string>([
  ['rm', 'gets them as file names'],
  ['rmdir', 'gets them as directory names'],
  ['unlink', 'gets them as file names'],
  ['mkdir', 'makes directories of them'],
  ['touch', 'makes files of them'],
  ['ln', 'gets them as file names'],
  ['cp', 'gets them as file names'],
  ['mv', 'gets them as file names'],
  ['chmod', 'gets them as file names'],
  ['chown', 'gets them as file names'],
  ['cat', 'gets them as file names'],
  ['echo', 'prints them'],
  // "No rule to make target 'python'" / "unknown target": the build stops.
  ['make', 'takes them as targets'],
  ['ninja', 'takes them as targets'],
]);

/** cmake modes other than configuring, whose extra operands mean something else (`-E echo` prints them). */
const cmakeOtherModes = new Set(['--build', '--install', '-E', '-P', '--open', '--workflow', '--help', '--version']);
/** go subcommands that take the rest as package paths ("package apt-get is not in std"). */
const goPackageCommands = new Set(['build', 'install']);

/** What a command that never runs its operands does with extra ones, named as it reads in a message. */
export interface OperandUse {
  /** The command as the message names it: `rm`, `go build`. */
  command: string;
  /** What it does with them: `gets them as file names`. */
  use: string;
}

/**
 * What the command of `words` does with extra operands (`rm` gets them as file names), for a command that never
 * runs them; undefined otherwise. cmake counts only where it configures (it then warns "Ignoring extra path from
 * command line" and goes on), go only as `go build` and `go install`.
 */
export function operandsUse(name: string, words: readonly ShellWord[]): OperandUse | undefined {
  const use = operandTakers.get(name);
  if (use !== undefined) {
    return { command: name, use };
  }
  if (name === 'cmake') {
    return words.some((w) => cmakeOtherModes.has(w.value)) ? undefined : { command: 'cmake', use: 'takes them as extra source or build paths' };
  }
  const sub = words[1]?.value;
  return name === 'go' && sub !== undefined && goPackageCommands.has(sub) ? { command: `go ${sub}`, use: 'takes them as package paths' } : undefined;
}

const packageActions = /^(?:install|update|upgrade|dist-upgrade|clean|autoclean|purge|remove|autoremove)$/;
const pipActions = /^(?:install|uninstall)$/;
const condaActions = /^(?:install|create|clean|update|remove)$/;
const anyWord = /^/;
const aFlagOrUrl = /^(?:-|(?:https?|ftp):\/\/)/;

/** What must follow each command name for the pair to be that command and not a file that happens to share its name. */
const commandShapes = new Map<string, RegExp>([
  ['apt-get', packageActions],
  ['apt', packageActions],
  ['apt-key', /^(?:add|del|adv)$/],
  ['dpkg', /^(?:-i|--install|-r|--remove|-P|--purge)$/],
  ['pip', pipActions],
  ['pip3', pipActions],
  ['uv', /^(?:pip|sync|venv)$/],
  ['conda', condaActions],
  ['mamba', condaActions],
  ['micromamba', condaActions],
  ['curl', aFlagOrUrl],
  ['wget', aFlagOrUrl],
  ['git', /^(?:clone|checkout|fetch|submodule)$/],
  ['useradd', anyWord],
  ['groupadd', anyWord],
  ['adduser', anyWord],
  ['npm', /^(?:install|ci)$/],
  ['yarn', /^install$/],
  ['apk', /^(?:add|del)$/],
  ['yum', /^(?:install|clean)$/],
  ['dnf', /^(?:install|clean)$/],
  ['update-alternatives', /^--(?:install|set|config)$/],
  ['cd', anyWord],
  ['export', /^[A-Za-z_][A-Za-z0-9_]*=/],
  ['source', /(?:\.sh|\.bash|activate|rc|profile|[/.]env)$/],
  ['make', /^(?:-j\d*|--jobs(?:=\d+)?|-C|-f|install|all|clean)$/],
  ['ninja', /^(?:-C|-j\d*|install)$/],
  ['cmake', /^(?:\.\.?|-[SBG]|--build|--install|-D\w+(?::\w+)?=.*)$/],
  ['go', /^(?:build|install|mod|get|test|vet|generate)$/],
]);

/** Commands recognised by their name alone. */
const standalone = new Set(['ldconfig']);
const pythons = new Set(['python', 'python3']);
const setupPyCommands = /^(?:install|develop|build|build_ext|bdist_wheel|sdist)$/;

/**
 * The word at `k` and the one after it read as the start of a command (`apt-get install`, `python3 -m pip`,
 * `python setup.py bdist_wheel`, `curl -fsSL`), judged by the command's typical subcommands or flags.
 */
export function startsCommand(words: readonly ShellWord[], k: number): boolean {
  const name = (words[k] as ShellWord).value;
  if (standalone.has(name)) {
    return true;
  }
  const next = words[k + 1]?.value;
  if (next === undefined) {
    return false;
  }
  if (pythons.has(name)) {
    const third = words[k + 2]?.value ?? '';
    return (next === '-m' && third === 'pip') || (next === 'setup.py' && setupPyCommands.test(third));
  }
  return commandShapes.get(name)?.test(next) ?? false;
}
