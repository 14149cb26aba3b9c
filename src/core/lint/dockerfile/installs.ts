import { memoOn, memoSlot } from './memo';
import type { Instruction } from './model';
import { effective, runScripts } from './semantic';
import type { EffectiveCommand, ShellCommand, ShellScript, ShellWord } from './shell';
import { effectiveCommand, wordWithValue } from './shell';
import type { ScriptCommand } from './wrapped';
import { commandsInOrder, execFormScript } from './wrapped';

export type PythonTool = 'pip' | 'uv' | 'conda';

export interface PythonInstall {
  tool: PythonTool;
  command: ShellCommand;
  script: ShellScript;
  /** The word that names the tool (`pip3`, `python`, `uv`, `conda`). */
  toolWord: ShellWord;
  /** Package requirement arguments (not options, not option values). */
  packages: ShellWord[];
  /** Option words (with their values) in order, e.g. `--index-url`, `URL`. */
  options: { name: string; value?: ShellWord; word: ShellWord }[];
  /** Set on `pipx install|inject`, which pip runs for it: only pipxInstalls returns those. */
  pipx?: true;
}

const pipOptionsWithValue = new Set([
  '-r', '--requirement', '-c', '--constraint', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '-e', '--editable',
  '-t', '--target', '--prefix', '--root', '--platform', '--python-version', '--implementation', '--abi', '-C', '--config-settings',
  '--trusted-host', '--cache-dir', '--src', '--upgrade-strategy', '--progress-bar', '--log', '--timeout', '--retries', '--python',
  '-p', '--index-strategy', '--no-binary', '--only-binary', '--global-option', '--install-option', '--proxy', '--cert', '--client-cert',
  '--default-index', '--index', '--extra-index', '--exists-action', '--report', '--root-user-action', '-P', '--upgrade-package', '--reinstall-package',
]);
/**
 * `uv pip install` takes pip's options and more with a value (`--extra gpu`, `--group dev`, `--python-platform …`,
 * `--exclude-newer DATE`, `--override FILE`): read as packages, they were reported as unpinned requirements.
 */
const uvOptionsWithValue = new Set([
  ...pipOptionsWithValue, '--requirements', '--constraints', '--override', '--overrides', '-b', '--build-constraint', '--build-constraints',
  '--extra', '--group', '--python-platform', '--exclude-newer', '--exclude-newer-package', '--resolution', '--prerelease', '--fork-strategy',
  '--link-mode', '--keyring-provider', '--torch-backend', '--config-setting', '--config-settings-package', '--no-build-isolation-package',
  '--refresh-package', '--no-sources-package', '--allow-insecure-host', '--directory', '--project', '--config-file', '--color',
  '--python-preference', '--python-fetch', '--preview-features', '--preview-feature',
]);
/** uv's plural spellings of pip's options (`--requirements`, `--constraints`), recorded under pip's names, so rules check one name. */
const uvOptionAliases: Readonly<Record<string, string>> = { '--requirements': '--requirement', '--constraints': '--constraint' };
const condaOptionsWithValue = new Set(['-c', '--channel', '-n', '--name', '-p', '--prefix', '--file', '--override-channels-file', '--repodata-fn']);
/** mamba and micromamba read `-f` as `--file`. */
const mambaOptionsWithValue = new Set([...condaOptionsWithValue, '-f']);

function isPip(name: string): boolean {
  return isVersioned(name, 'pip');
}

function isPython(name: string): boolean {
  return isVersioned(name, 'python');
}

/** `prefix` followed by nothing but digits and dots (`pip3`, `python3.11`); asked of every command, so no regular expression. */
function isVersioned(name: string, prefix: string): boolean {
  if (!name.startsWith(prefix)) {
    return false;
  }
  for (let k = prefix.length; k < name.length; k++) {
    const code = name.charCodeAt(k);
    if (code !== 46 && (code < 48 || code > 57)) {
      return false;
    }
  }
  return true;
}

/** `pip install …`, `python -m pip install …`, `uv pip install …` (also `python -m uv pip`), `conda|mamba|micromamba install|create …`. */
export function pythonInstall(command: ShellCommand, script: ShellScript): PythonInstall | undefined {
  const eff = effectiveCommand(command);
  if (!eff) {
    return undefined;
  }
  let rest = eff.args;
  let tool: PythonTool;
  const options: PythonInstall['options'] = [];
  if (isPip(eff.name)) {
    tool = 'pip';
  } else if (isPython(eff.name)) {
    // `python -m pip install …`, and `python -m uv pip install …` (uv installed as a package).
    const m = rest.findIndex((w) => w.value === '-m');
    const module = rest[m + 1]?.value ?? '';
    if (m >= 0 && isPip(module)) {
      tool = 'pip';
      rest = rest.slice(m + 2);
    } else if (m >= 0 && module === 'uv') {
      tool = 'uv';
      rest = uvPipArgs(rest.slice(m + 2), options) ?? [];
    } else {
      return undefined;
    }
  } else if (eff.name === 'uv') {
    tool = 'uv';
    rest = uvPipArgs(rest, options) ?? [];
  } else if (eff.name === 'conda' || eff.name === 'mamba' || eff.name === 'micromamba') {
    tool = 'conda';
  } else {
    return undefined;
  }
  const withValue = tool === 'pip' ? pipOptionsWithValue : tool === 'uv' ? uvOptionsWithValue : eff.name === 'conda' ? condaOptionsWithValue : mambaOptionsWithValue;
  // Old conda read `conda install -f` as --force: its next word is a file (--file) only when it clearly is one.
  const withValueAt = (k: number): ReadonlySet<string> =>
    withValue === condaOptionsWithValue && rest[k]?.value === '-f' && /\.(?:ya?ml|txt)$/i.test(rest[k + 1]?.value ?? '') ? mambaOptionsWithValue : withValue;
  // General options may come before the subcommand (`pip --no-cache-dir install …`,
  // `pip --cache-dir /tmp/pip install …`): they apply to the whole invocation.
  let sub = 0;
  while (sub < rest.length && isOptionWord(rest[sub] as ShellWord)) {
    sub = readOption(rest, sub, withValueAt(sub), options) + 1;
  }
  const subWord = rest[sub];
  if (!subWord || !(subWord.value === 'install' || (tool === 'conda' && subWord.value === 'create'))) {
    return undefined;
  }
  const packages: ShellWord[] = [];
  for (let k = sub + 1; k < rest.length; k++) {
    const w = rest[k] as ShellWord;
    if (isOptionWord(w)) {
      k = readOption(rest, k, withValueAt(k), options);
      continue;
    }
    packages.push(w);
  }
  return { tool, command, script, toolWord: eff.nameWord, packages, options };
}

/** `uv sync …`, `uv pip sync …` or `uv add …`: installs what a lock or requirements file lists, with uv's download cache. */
export interface UvSync {
  tool: 'uv';
  command: ShellCommand;
  script: ShellScript;
  /** The word that names uv (`uv`, `/bin/uv`). */
  toolWord: ShellWord;
  /** The `sync` word (`add` for `uv add`). */
  subWord: ShellWord;
  /** `uv pip sync`, which reads the requirements files named on its command line (`uv sync` reads the project's). */
  pip: boolean;
  /** Option words (with their values), global ones before the subcommand included. */
  options: PythonInstall['options'];
}

/**
 * `uv sync …` or `uv pip sync …`, uv's global options before either subcommand word (`uv --directory /app sync`);
 * also `uv add …`, which edits pyproject.toml, locks and then syncs the project (not with --no-sync, nor for a --script).
 */
export function uvSync(command: ShellCommand, script: ShellScript): UvSync | undefined {
  const eff = effectiveCommand(command);
  if (eff?.name !== 'uv') {
    return undefined;
  }
  const options: PythonInstall['options'] = [];
  let args = eff.args;
  let at = uvSubcommandAt(args, options);
  const pip = args[at]?.value === 'pip';
  if (pip) {
    args = args.slice(at + 1);
    at = uvSubcommandAt(args, options);
  }
  const subWord = args[at];
  if (subWord?.value !== 'sync' && (subWord?.value !== 'add' || pip)) {
    return undefined;
  }
  for (let k = at + 1; k < args.length; k++) {
    if (isOptionWord(args[k] as ShellWord)) {
      k = readOption(args, k, uvOptionsWithValue, options);
    }
  }
  if (subWord.value === 'add' && options.some((o) => o.name === '--no-sync' || o.name === '--script')) {
    return undefined;
  }
  return { tool: 'uv', command, script, toolWord: eff.nameWord, subWord, pip, options };
}

/** `conda-lock install [LOCKFILE]` or `pixi install`: an environment installed from a lock file, with conda's or rattler's package cache. */
export interface LockedEnvInstall {
  tool: 'conda-lock' | 'pixi';
  command: ShellCommand;
  script: ShellScript;
  toolWord: ShellWord;
  /** The `install` word. */
  subWord: ShellWord;
  /** The file it reads the environment from, as written: conda-lock's lock file (conda-lock.yml unless named), pixi's manifest (pixi.toml unless --manifest-path names a file). */
  manifest: string;
  options: PythonInstall['options'];
}

const condaLockOptionsWithValue = new Set(['-p', '--prefix', '-n', '--name', '--conda', '--auth', '--auth-file', '-e', '--extras', '--log-level']);
const pixiOptionsWithValue = new Set([
  '-e', '--environment', '-m', '--manifest-path', '-w', '--workspace', '--skip', '--skip-with-deps', '--only', '--concurrent-solves', '--concurrent-downloads',
  '--pypi-keyring-provider', '--auth-file', '--tls-root-certs', '--color',
]);

/** `conda-lock install …` and `pixi install …` (global options before `install` included). */
export function lockedEnvInstall(command: ShellCommand, script: ShellScript): LockedEnvInstall | undefined {
  const eff = effectiveCommand(command);
  const tool = eff?.name === 'conda-lock' ? 'conda-lock' : eff?.name === 'pixi' ? 'pixi' : undefined;
  if (!eff || !tool) {
    return undefined;
  }
  const { options, positional } = splitArguments(eff.args, tool === 'pixi' ? pixiOptionsWithValue : condaLockOptionsWithValue);
  const [subWord, file] = positional;
  if (subWord?.value !== 'install') {
    return undefined;
  }
  const manifestPath = options.find((o) => o.name === '-m' || o.name === '--manifest-path')?.value?.value;
  const manifest = tool === 'conda-lock' ? (file?.value ?? 'conda-lock.yml') : manifestPath?.endsWith('.toml') ? manifestPath : 'pixi.toml';
  return { tool, command, script, toolWord: eff.nameWord, subWord, manifest, options };
}

/** pipx's options that take a value, those of install and inject (`--pip-args "-c c.txt"`, `--python python3.11`). */
const pipxOptionsWithValue = new Set(['--suffix', '--python', '--preinstall', '-i', '--index-url', '--pip-args', '--spec', '-r', '--requirement', '--backend']);

/**
 * `pipx install PKG…` or `pipx inject ENV PKG…` (also `python -m pipx`), read as the pip install pipx runs into the
 * application's own environment: the packages named (pipx's old `--spec` names the one to install instead).
 */
export function pipxInstall(command: ShellCommand, script: ShellScript): PythonInstall | undefined {
  const eff = effectiveCommand(command);
  const args = eff && toolArgs(eff, 'pipx');
  if (!eff || !args) {
    return undefined;
  }
  const { options, positional } = splitArguments(args, pipxOptionsWithValue);
  const sub = positional[0]?.value;
  if (sub !== 'install' && sub !== 'inject') {
    return undefined;
  }
  const spec = options.find((o) => o.name === '--spec')?.value;
  const packages = spec ? [spec] : positional.slice(sub === 'install' ? 1 : 2);
  return { tool: 'pip', command, script, toolWord: eff.nameWord, packages, options, pipx: true };
}

/** The pipx installs of a RUN (only MLD203 asks, once per instruction: not cached). */
export function pipxInstalls(instr: Instruction): PythonInstall[] {
  const out: PythonInstall[] = [];
  for (const { command, script } of runCommands(instr)) {
    const p = pipxInstall(command, script);
    if (p) {
      out.push(p);
    }
  }
  return out;
}

/** `poetry install|sync|add …`: Poetry downloads the packages into its artifacts cache. */
export interface PoetryInstall {
  command: ShellCommand;
  script: ShellScript;
  toolWord: ShellWord;
  subWord: ShellWord;
  options: PythonInstall['options'];
}

/** Poetry's options that take a value: the global `--directory`/`--project` and those of install, sync and add. */
const poetryOptionsWithValue = new Set(['-C', '--directory', '-P', '--project', '-E', '--extras', '--with', '--without', '--only', '-G', '--group', '--source', '--python', '--platform', '--markers']);
const poetryInstalling = new Set(['install', 'sync', 'add']);

/** `poetry [global options] install|sync|add …`, also as `python -m poetry`. */
export function poetryInstall(command: ShellCommand, script: ShellScript): PoetryInstall | undefined {
  const eff = effectiveCommand(command);
  const args = eff && toolArgs(eff, 'poetry');
  if (!eff || !args) {
    return undefined;
  }
  const options: PythonInstall['options'] = [];
  let subWord: ShellWord | undefined;
  for (let k = 0; k < args.length; k++) {
    const w = args[k] as ShellWord;
    if (isOptionWord(w)) {
      k = readOption(args, k, poetryOptionsWithValue, options);
    } else if (subWord === undefined) {
      subWord = w;
    }
  }
  return subWord && poetryInstalling.has(subWord.value) ? { command, script, toolWord: eff.nameWord, subWord, options } : undefined;
}

/**
 * The words after `pip` when uv's arguments name its pip interface, or undefined. uv's global options may come
 * first (`uv --no-progress --cache-dir /c pip install …`); they are read into `options`, values skipped.
 */
function uvPipArgs(args: readonly ShellWord[], options: PythonInstall['options']): ShellWord[] | undefined {
  const at = uvSubcommandAt(args, options);
  return args[at]?.value === 'pip' ? args.slice(at + 1) : undefined;
}

/** Index of uv's subcommand among its arguments: the first word that is neither a global option nor an option's value. */
function uvSubcommandAt(args: readonly ShellWord[], options: PythonInstall['options']): number {
  let k = 0;
  while (k < args.length && isOptionWord(args[k] as ShellWord)) {
    k = readOption(args, k, uvOptionsWithValue, options) + 1;
  }
  return k;
}

function isOptionWord(w: ShellWord): boolean {
  return w.value.startsWith('-') && w.value !== '-';
}

/** The arguments `tool` gets from a command that runs it, also as `python -m tool`; undefined for another program. */
function toolArgs(eff: EffectiveCommand, tool: string): ShellWord[] | undefined {
  if (eff.name === tool) {
    return eff.args;
  }
  return isPython(eff.name) && eff.args[0]?.value === '-m' && eff.args[1]?.value === tool ? eff.args.slice(2) : undefined;
}

/** The options (with their values) and the other words of `args`, as a parser that knows which options take a value reads them. */
function splitArguments(args: readonly ShellWord[], withValue: ReadonlySet<string>): { options: PythonInstall['options']; positional: ShellWord[] } {
  const options: PythonInstall['options'] = [];
  const positional: ShellWord[] = [];
  for (let k = 0; k < args.length; k++) {
    const w = args[k] as ShellWord;
    if (isOptionWord(w)) {
      k = readOption(args, k, withValue, options);
    } else {
      positional.push(w);
    }
  }
  return { options, positional };
}

/**
 * A cluster of short options with one that takes a value, as pip's optparse, uv's clap and conda's argparse read it:
 * `-yc conda-forge` (-y, then -c with the next word), `-qr requirements.txt`, `-e.` (the rest of the word is the value).
 * Records them and returns the index of the last word taken; undefined when the word is no such cluster.
 */
function readShortCluster(args: readonly ShellWord[], k: number, withValue: ReadonlySet<string>, options: PythonInstall['options']): number | undefined {
  const w = args[k] as ShellWord;
  const v = w.value;
  if (v.length <= 2 || v[1] === '-' || withValue.has(v)) {
    return undefined;
  }
  for (let i = 1; i < v.length && isLetter(v.charCodeAt(i)); i++) {
    const name = `-${v[i]}`;
    if (!withValue.has(name)) {
      continue;
    }
    for (let j = 1; j < i; j++) {
      options.push({ name: `-${v[j]}`, word: w });
    }
    const rest = v.slice(i + 1);
    const value = rest !== '' ? wordWithValue(w, rest) : args[k + 1];
    options.push(value ? { name, value, word: w } : { name, word: w });
    return rest === '' && value ? k + 1 : k;
  }
  return undefined;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Records the option at `args[k]` (with its value, if it takes one); returns the index of its last word. */
function readOption(args: readonly ShellWord[], k: number, withValue: ReadonlySet<string>, options: PythonInstall['options']): number {
  const cluster = readShortCluster(args, k, withValue, options);
  if (cluster !== undefined) {
    return cluster;
  }
  const w = args[k] as ShellWord;
  const eq = w.value.indexOf('=');
  const written = eq < 0 ? w.value : w.value.slice(0, eq);
  const name = withValue === uvOptionsWithValue ? (uvOptionAliases[written] ?? written) : written;
  if (eq < 0 && withValue.has(written) && args[k + 1]) {
    options.push({ name, value: args[k + 1], word: w });
    return k + 1;
  }
  if (eq >= 0) {
    options.push({ name, value: wordWithValue(w, w.value.slice(eq + 1)), word: w });
  } else {
    options.push({ name, word: w });
  }
  return k;
}

const pythonInstallsSlot = memoSlot();

/** Python package installs of a RUN, cached per instruction (shared result: do not mutate). */
export function pythonInstalls(instr: Instruction): PythonInstall[] {
  return runsCommands(instr) ? memoOn(instr, pythonInstallsSlot, collectPythonInstalls) : [];
}

function collectPythonInstalls(instr: Instruction): PythonInstall[] {
  const out: PythonInstall[] = [];
  for (const { command, script } of runCommands(instr)) {
    const p = pythonInstall(command, script);
    if (p) {
      out.push(p);
    }
  }
  return out;
}

/** Lower-case distribution name of a requirement argument (`torch==2.1+cu118` → `torch`). */
export function requirementName(spec: string): string {
  let end = 0;
  let plain = true;
  while (end < spec.length) {
    const code = spec.charCodeAt(end);
    if (!isNameChar(code, end === 0)) {
      break;
    }
    plain &&= !(code >= 65 && code <= 90) && code !== 95;
    end++;
  }
  if (plain) {
    // Asked of every package word by many rules: most are a lower-case name already (`torch`, `numpy==1.26`).
    return end === spec.length ? spec : spec.slice(0, end);
  }
  const name = spec.slice(0, end).toLowerCase();
  return name.includes('_') ? name.replace(/_/g, '-') : name;
}

/** `[A-Za-z0-9]`, and after the first character also `.`, `_` and `-` (a regular expression costs more here: every package word of every rule). */
function isNameChar(code: number, first: boolean): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (!first && (code === 46 || code === 95 || code === 45));
}

/** The version after `==` / conda `=`, if pinned exactly. */
export function requirementVersion(spec: string): string | undefined {
  const m = /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\[[^\]]*\])?\s*(?:===?|=)\s*([^\s,;]+)/.exec(spec);
  return m?.[1];
}

/**
 * The requirement holds a version specifier (`===`, `==`, `~=`, `>=`, `<=`, `!=`, `<`, `>`, `=`): as every one of them
 * holds `=`, `<` or `>` and each of those starts or ends one, it holds one of those characters. Asked of every package.
 */
export function hasVersionSpecifier(spec: string): boolean {
  for (let k = 0; k < spec.length; k++) {
    const code = spec.charCodeAt(k);
    if (code === 61 || code === 60 || code === 62) {
      return true;
    }
  }
  return false;
}

export function optionValues(install: PythonInstall, ...names: string[]): ShellWord[] {
  return install.options.filter((o) => names.includes(o.name) && o.value).map((o) => o.value as ShellWord);
}

export function hasOption(install: PythonInstall, ...names: string[]): boolean {
  return install.options.some((o) => names.includes(o.name));
}

/**
 * The option word that switches the install's download cache off: pip's `--no-cache-dir` or any
 * unambiguous prefix of it (optparse; `--no-ca` is the shortest, `--no-c` also matches `--no-color`),
 * uv's `--no-cache`, `-n` or its hidden alias `--no-cache-dir`.
 */
export function noCacheOption(install: Pick<PythonInstall, 'tool' | 'options'>): ShellWord | undefined {
  return install.options.find((o) => disablesCache(install.tool, o.name))?.word;
}

export function disablesCache(tool: PythonTool, option: string): boolean {
  if (tool === 'pip') {
    return option.length >= '--no-ca'.length && '--no-cache-dir'.startsWith(option);
  }
  return tool === 'uv' && (option === '--no-cache' || option === '-n' || option === '--no-cache-dir');
}

export type OsManager = 'apt' | 'apk' | 'yum' | 'dnf' | 'zypper';

export interface OsInstall {
  manager: OsManager;
  command: ShellCommand;
  nameWord: ShellWord;
  subcommand: ShellWord;
  packages: ShellWord[];
  flags: ShellWord[];
}

const osOptionsWithValue: Record<OsManager, Set<string>> = {
  apt: new Set(['-o', '-t', '--target-release', '-c', '--config-file']),
  apk: new Set(['-X', '--repository', '-p', '--root', '--virtual', '-t']),
  yum: new Set(['--enablerepo', '--disablerepo', '--setopt', '--installroot', '--releasever', '-c', '--exclude', '-x']),
  dnf: new Set(['--enablerepo', '--disablerepo', '--setopt', '--installroot', '--releasever', '-c', '--exclude', '-x']),
  zypper: new Set(['-r', '--repo', '--from', '-t', '--type']),
};

/** Command name → its manager and install subcommands (a Map: command names are user text, e.g. `constructor`). */
const osManagers = new Map<string, [OsManager, string[]]>([
  ['apt-get', ['apt', ['install']]],
  ['apt', ['apt', ['install']]],
  ['apk', ['apk', ['add']]],
  ['yum', ['yum', ['install']]],
  ['dnf', ['dnf', ['install']]],
  ['microdnf', ['dnf', ['install']]],
  ['zypper', ['zypper', ['install', 'in']]],
]);

/** `apt-get install`, `apt install`, `apk add`, `yum|dnf|microdnf install`, `zypper install|in`. */
export function osInstall(command: ShellCommand): OsInstall | undefined {
  const eff = effectiveCommand(command);
  if (!eff) {
    return undefined;
  }
  const entry = osManagers.get(eff.name);
  if (!entry) {
    return undefined;
  }
  const [manager, subs] = entry;
  const withValue = osOptionsWithValue[manager];
  const flags: ShellWord[] = [];
  let sub: ShellWord | undefined;
  const packages: ShellWord[] = [];
  for (let k = 0; k < eff.args.length; k++) {
    const w = eff.args[k] as ShellWord;
    if (w.value.startsWith('-')) {
      flags.push(w);
      if (!w.value.includes('=') && withValue.has(w.value)) {
        k++;
      }
      continue;
    }
    if (!sub) {
      if (!subs.includes(w.value)) {
        return undefined;
      }
      sub = w;
      continue;
    }
    packages.push(w);
  }
  if (!sub) {
    return undefined;
  }
  return { manager, command, nameWord: eff.nameWord, subcommand: sub, packages, flags };
}

const osInstallsSlot = memoSlot();

/** OS package installs of a RUN, cached per instruction (shared result: do not mutate). */
export function osInstalls(instr: Instruction): OsInstall[] {
  return runsCommands(instr) ? memoOn(instr, osInstallsSlot, collectOsInstalls) : [];
}

function collectOsInstalls(instr: Instruction): OsInstall[] {
  const out: OsInstall[] = [];
  for (const { command } of runCommands(instr)) {
    const o = osInstall(command);
    if (o) {
      out.push(o);
    }
  }
  return out;
}

/** osInstall of a command of `instr`, read from the instruction's cached installs rather than worked out again. */
export function osInstallIn(instr: Instruction, command: ShellCommand): OsInstall | undefined {
  for (const install of osInstalls(instr)) {
    if (install.command === command) {
      return install;
    }
  }
  return undefined;
}

const commandsSlot = memoSlot();

/**
 * All simple commands of a RUN in the order they run: its command line, the heredocs its shell runs, the scripts
 * those hand a shell (`bash -c "…"`), and an exec-form RUN's array; cached per instruction (do not mutate).
 */
export function runCommands(instr: Instruction): ScriptCommand[] {
  return runsCommands(instr) ? memoOn(instr, commandsSlot, collectRunCommands) : [];
}

/**
 * Only a RUN (an ONBUILD one too) has commands: rules ask of every instruction, and a new empty list for the others
 * costs less than a cache lookup. (Not one frozen list for all: V8 then runs every caller's array code slower.)
 */
function runsCommands(instr: Instruction): boolean {
  return effective(instr).keyword === 'RUN';
}

/** The script an exec-form RUN hands a shell (`["bash", "-c", "…"]`) as a list of one; none for a shell-form RUN or a plain program. */
export function execFormShellScript(instr: Instruction): ShellScript[] {
  const run = effective(instr);
  // The exec form's array is one command: the first script handed over is its own, any later one is nested in it.
  const handed = run.keyword === 'RUN' && run.json ? runCommands(run).find(({ script }) => script.wrapping?.command !== undefined) : undefined;
  return handed ? [handed.script] : [];
}

function collectRunCommands(instr: Instruction): ScriptCommand[] {
  const run = effective(instr);
  const exec = run.keyword === 'RUN' ? execFormScript(run) : undefined;
  return commandsInOrder(exec ? [exec] : runScripts(instr));
}
