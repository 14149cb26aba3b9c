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
]);

/** What the command does with extra operands (`gets them as file names`), for a command that never runs them; undefined otherwise. */
export function operandsUse(name: string): string | undefined {
  return operandTakers.get(name);
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
]);

/** Commands recognised by their name alone. */
const standalone = new Set(['ldconfig']);
const pythons = new Set(['python', 'python3']);

/**
 * The word at `k` and the one after it read as the start of a command (`apt-get install`, `python3 -m pip`,
 * `curl -fsSL`), judged by the command's typical subcommands or flags.
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
    return next === '-m' && words[k + 2]?.value === 'pip';
  }
  return commandShapes.get(name)?.test(next) ?? false;
}
