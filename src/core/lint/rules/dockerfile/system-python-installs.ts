import type { PythonInstall } from '../../dockerfile/installs';
import { osInstall, pythonInstalls, runCommands } from '../../dockerfile/installs';
import { keyValues } from '../../dockerfile/kv';
import type { Instruction } from '../../dockerfile/model';
import type { Stage } from '../../dockerfile/semantic';
import { chainInstructions, effective } from '../../dockerfile/semantic';
import type { ShellCommand, ShellWord } from '../../dockerfile/shell';
import { basename, effectiveCommand } from '../../dockerfile/shell';

/** The apt install that put the distribution's Python (and pip) into the image. */
export interface AptPython {
  /** The package as written (`python3-pip`). */
  name: string;
  line: number;
}

/** A pip or uv install whose program is the distribution's Python, as far as the file shows. */
export interface SystemInstall {
  install: PythonInstall;
  instr: Instruction;
  /** The apt install that brought pip (pip), or python3 (uv). */
  apt: AptPython;
}

/** What the build has done to the system Python before a command. */
interface State {
  pip?: AptPython;
  python3?: AptPython;
  /** `python` runs python3: python-is-python3, or a link made to it. */
  python: boolean;
  /** The marker removed, or break-system-packages configured for pip or uv (pip.conf, uv.toml, `pip config set`). */
  overridden: boolean;
  /** Another Python may come first: conda, pyenv, deadsnakes, a source build, a copied /usr/local or /opt. */
  otherPython: boolean;
  /** PATH, as ENV set it, puts a folder first that may hold another Python (a venv's bin). */
  foreignPath: boolean;
}

/** A RUN's text that configures pip or uv to override the marker, or removes the marker itself. */
const overrideRe = /break[-_]system[-_]packages|EXTERNALLY-MANAGED/i;
/** A command's text that installs or switches to a Python other than apt's python3 (not a repository named mamba). */
const otherPythonRe = /(?:mini|ana)conda|miniforge|mambaforge|micromamba|pyenv|deadsnakes|altinstall|Python-\d|uv\s+python\s+install|update-alternatives.*python/i;
/** Programs that manage Python environments of their own. */
const environmentManagers = new Set(['conda', 'mamba', 'micromamba', 'pyenv']);
/** What COPY --from brings that may hold another Python: /usr/local or /opt, but not one program other than python or pip (`/usr/local/bin/uv`). */
const copiedPythonRe = /^\/(?:usr\/local|opt)(?:\/|$)(?!bin\/(?!python|pip)[^/]+$)/;
/** Config files that may set break-system-packages (pip.conf, pip.ini, uv.toml). */
const configFileRe = /(?:^|\/)(?:pip\.conf|pip\.ini|uv\.toml)$|(?:^|\/)\.?config\/(?:pip|uv)(?:\/|$)|(?:^|\/)\.pip(?:\/|$)/;
/** PATH folders that hold no Python of their own: the system's, CUDA's, and the user's script folders (pip --user, uv's and Rust's installers). */
const systemPathRe = /^\/(?:usr\/(?:local\/)?)?s?bin\/?$|^\/usr\/local\/(?:cuda[^/]*|nvidia)\/bin\/?$|\/\.(?:local|cargo)\/bin\/?$/;
const inheritedPathRe = /^\$\{?PATH\}?$/;

function aptPackage(word: ShellWord): string {
  return word.value.split('=')[0] ?? '';
}

/** A package whose install brings apt's python3. */
function bringsPython3(name: string): boolean {
  return /^python3(?:\.\d+)?(?:-|$)/.test(name) || name === 'python-is-python3' || name === 'pipx';
}

function readApt(command: ShellCommand, state: State): void {
  const install = osInstall(command);
  if (install?.manager !== 'apt') {
    return;
  }
  for (const word of install.packages) {
    const name = aptPackage(word);
    const apt = { name, line: word.range.start.line };
    state.pip ??= name === 'python3-pip' ? apt : undefined;
    state.python3 ??= bringsPython3(name) ? apt : undefined;
    state.python ||= name === 'python-is-python3';
  }
}

/** `ln -s …python3 /usr/bin/python`: the link that makes `python` run python3. */
function linksPython(command: ShellCommand): boolean {
  const eff = effectiveCommand(command);
  return eff?.name === 'ln' && /\/python$/.test(eff.args[eff.args.length - 1]?.value ?? '');
}

function readPath(value: string, state: State): void {
  const entries = value.split(':').filter((e) => e !== '');
  const inherits = entries.some((e) => inheritedPathRe.test(e));
  const foreign = entries.some((e) => !inheritedPathRe.test(e) && !systemPathRe.test(e));
  state.foreignPath = foreign || (inherits && state.foreignPath);
}

function readEnv(instr: Instruction, state: State): void {
  for (const kv of keyValues(instr)) {
    if (kv.key === 'PATH') {
      readPath(kv.value ?? '', state);
    }
  }
}

function readCopy(instr: Instruction, state: State): void {
  const paths = instr.json ? instr.json.map((j) => j.value) : instr.words.map((w) => w.value);
  if (paths.some((p) => configFileRe.test(p))) {
    state.overridden = true;
  }
  if (instr.flags.some((f) => f.name === 'from') && paths.slice(0, -1).some((p) => copiedPythonRe.test(p))) {
    state.otherPython = true;
  }
}

/** The command as written: its assignments and words. */
function commandText(command: ShellCommand): string {
  return [...command.assignments, ...command.words].map((w) => w.raw).join(' ');
}

/** What a command other than a pip or uv install does to the system Python: configures the override, brings another Python. */
function readOther(command: ShellCommand, state: State): void {
  const text = commandText(command);
  const name = effectiveCommand(command)?.name;
  state.overridden ||= overrideRe.test(text);
  state.otherPython ||= (name !== undefined && environmentManagers.has(name)) || otherPythonRe.test(text);
}

/** `source venv/bin/activate`, `conda activate env`, `export PATH=…`, `export VIRTUAL_ENV=…`: later commands may run another Python. */
function switchesPython(command: ShellCommand): boolean {
  const eff = effectiveCommand(command);
  if (!eff) {
    return false;
  }
  if ((eff.name === 'source' || eff.name === '.') && /activate$/.test(eff.args[0]?.value ?? '')) {
    return true;
  }
  if (eff.args[0]?.value === 'activate' || eff.name === 'activate') {
    return true;
  }
  return eff.name === 'export' && eff.args.some((a) => /^(?:PATH|VIRTUAL_ENV|PYTHONHOME)=/.test(a.value));
}

/** The install goes to the Python found on PATH (or names apt's by its path), not to one it names some other way. */
function runsPathPython(install: PythonInstall, command: ShellCommand): boolean {
  const program = install.toolWord.value;
  if (program.includes('/') && !/^\/(?:usr\/)?bin\/[^/]+$/.test(program)) {
    return false;
  }
  const eff = effectiveCommand(command);
  const runners = eff?.wrappers.map((w) => basename(w.value)) ?? [];
  return !runners.some((r) => /^(?:conda|mamba|micromamba|poetry|pipenv|pdm|hatch|pixi|uv)$/.test(r));
}

/** The Python the install's program runs is the distribution's: `pip`, `pip3`, `python3 -m pip`, or the release's own `pip3.12`. */
function namesSystemPython(install: PythonInstall, state: State, releasePython: string | undefined): boolean {
  const name = basename(install.toolWord.value);
  if (name === 'uv') {
    return true;
  }
  const words = install.command.words;
  if (name.startsWith('python') && words[words.indexOf(install.toolWord) + 2]?.value !== 'pip') {
    return false; // `python3 -m pip3` fails on its own (no module named pip3); `python3 -m uv` and `python3 -u -m pip` are left alone
  }
  const version = /^(?:pip|python)(\d+(?:\.\d+)?)?$/.exec(name)?.[1];
  if (version === undefined) {
    return name === 'pip' || (name === 'python' && state.python);
  }
  return version === '3' || version === releasePython;
}

function startState(): State {
  return { python: false, overridden: false, otherPython: false, foreignPath: false };
}

/**
 * The pip and uv installs of the stage (its own instructions, judged with what its in-file ancestors did) whose program
 * is the distribution's python3 that apt installed: no venv activated or first on PATH, no other Python installed, the
 * marker neither removed nor overridden by a config file. Options and environment variables are the caller's to judge.
 */
export function systemPythonInstalls(stage: Stage, releasePython: string | undefined): SystemInstall[] {
  const out: SystemInstall[] = [];
  const chain = chainInstructions(stage);
  // The chain ends with the stage's own instructions.
  const ownFrom = chain.length - stage.instructions.length;
  const state = startState();
  for (let k = 0; k < chain.length; k++) {
    const instr = chain[k] as Instruction;
    if (effective(instr) !== instr) {
      continue;
    }
    if (instr.keyword === 'ENV') {
      readEnv(instr, state);
    } else if (instr.keyword === 'COPY' || instr.keyword === 'ADD') {
      readCopy(instr, state);
    } else if (instr.keyword === 'RUN') {
      state.overridden ||= instr.heredocs.some((h) => overrideRe.test(h.body.text));
      readRun(instr, state, k >= ownFrom ? out : undefined, releasePython);
    }
  }
  return out;
}

function readRun(instr: Instruction, state: State, out: SystemInstall[] | undefined, releasePython: string | undefined): void {
  let switched = false;
  const installs = new Map(pythonInstalls(instr).map((i) => [i.command, i]));
  for (const { command } of runCommands(instr)) {
    readApt(command, state);
    state.python ||= linksPython(command);
    switched ||= switchesPython(command);
    const install = installs.get(command);
    if (!install || install.pipx || install.tool === 'conda') {
      readOther(command, state);
      continue;
    }
    const apt = install.tool === 'pip' ? state.pip : state.python3;
    const system = !state.overridden && !state.otherPython && !state.foreignPath && !switched;
    if (out && apt && system && runsPathPython(install, command) && namesSystemPython(install, state, releasePython)) {
      out.push({ install, instr, apt });
    }
  }
}
