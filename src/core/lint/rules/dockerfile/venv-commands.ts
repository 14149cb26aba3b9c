import type { ShellCommand, ShellWord } from '../../dockerfile/shell';
import { effectiveCommand } from '../../dockerfile/shell';

/** A virtual environment a command creates. */
export interface VenvCreation {
  /** The folder as written (`.venv` for `uv venv` given none). */
  dir: string;
  /** `--system-site-packages`: the venv sees the packages of the Python it was made from. */
  systemSitePackages: boolean;
}

/** Options of `python -m venv`, virtualenv and `uv venv` that take a value, so that value is not read as the folder. */
const optionsWithValue = new Set([
  '--prompt', '-p', '--python', '--seeder', '--creator', '--discovery', '--activators', '--app-data', '--extra-search-dir', '--pip',
  '--setuptools', '--wheel', '-i', '--index-url', '--extra-index-url', '--default-index', '--index', '--index-strategy', '-f',
  '--find-links', '--keyring-provider', '--link-mode', '--exclude-newer', '--cache-dir', '--directory', '--project', '--python-preference',
  '--color', '--config-file',
]);

const pythonRe = /^python[0-9.]*$/;

/** The arguments after the words that name the creator: `python3 -m venv`, `python -m virtualenv`, `virtualenv`, `uv [global options] venv`. */
function creatorArgs(name: string, args: readonly ShellWord[]): { args: readonly ShellWord[]; uv: boolean } | undefined {
  if (pythonRe.test(name)) {
    const m = args.findIndex((w) => w.value === '-m');
    const module = args[m + 1]?.value;
    return m >= 0 && (module === 'venv' || module === 'virtualenv') ? { args: args.slice(m + 2), uv: false } : undefined;
  }
  if (name === 'virtualenv') {
    return { args, uv: false };
  }
  if (name !== 'uv') {
    return undefined;
  }
  let k = 0;
  while (k < args.length && (args[k] as ShellWord).value.startsWith('-')) {
    k += optionsWithValue.has((args[k] as ShellWord).value) ? 2 : 1;
  }
  return args[k]?.value === 'venv' ? { args: args.slice(k + 1), uv: true } : undefined;
}

/** The venvs a command creates (`python -m venv a b` makes two); none for any other command. */
export function venvCreations(command: ShellCommand): VenvCreation[] {
  const eff = effectiveCommand(command);
  const creator = eff && creatorArgs(eff.name, eff.args);
  if (!creator) {
    return [];
  }
  const dirs: string[] = [];
  let systemSitePackages = false;
  for (let k = 0; k < creator.args.length; k++) {
    const word = (creator.args[k] as ShellWord).value;
    if (word === '--system-site-packages') {
      systemSitePackages = true;
    } else if (word.startsWith('-')) {
      k += optionsWithValue.has(word) ? 1 : 0;
    } else {
      dirs.push(word);
    }
  }
  if (dirs.length === 0 && creator.uv) {
    dirs.push('.venv');
  }
  return dirs.map((dir) => ({ dir, systemSitePackages }));
}

/** The venv folder a `source DIR/bin/activate` (or `. DIR/bin/activate`) activates, as written. */
export function activatedVenv(command: ShellCommand): string | undefined {
  const eff = effectiveCommand(command);
  if (eff?.name !== 'source' && eff?.name !== '.') {
    return undefined;
  }
  return /^(.+)\/bin\/activate$/.exec(eff.args[0]?.value ?? '')?.[1];
}

/** `deactivate`: the commands after it use the Python on PATH again. */
export function deactivates(command: ShellCommand): boolean {
  return effectiveCommand(command)?.name === 'deactivate';
}
