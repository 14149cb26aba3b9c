import type { PythonInstall } from '../../dockerfile/installs';
import { hasOption, optionValues, pythonInstalls, runCommands } from '../../dockerfile/installs';
import { keyValues } from '../../dockerfile/kv';
import type { Instruction } from '../../dockerfile/model';
import { expandWith, valuesAt } from '../../dockerfile/scope-values';
import type { DockerfileModel, Stage } from '../../dockerfile/semantic';
import { chainInstructions, effective } from '../../dockerfile/semantic';
import { activatedVenv, deactivates, venvCreations } from './venv-commands';
import { joinPath, workdirAfter } from './workdir-at';

/** A virtual environment made by a RUN. */
export interface Venv {
  /** Its folder, absolute (`/?/…` under a working directory this file does not set). */
  dir: string;
  /** The folder as the command wrote it, variables expanded. */
  shown: string;
  /** The line of the command that made it. */
  line: number;
  /** Made with `--system-site-packages`: it sees the base image's packages. */
  systemSitePackages: boolean;
}

/** A Python install that goes into a venv made earlier in the build. */
export interface VenvInstall {
  install: PythonInstall;
  instr: Instruction;
  venv: Venv;
}

interface Scope {
  model: DockerfileModel;
  stage: Stage;
  instr: Instruction;
  venvs: ReadonlyMap<string, Venv>;
  /** The working directory (undefined: one this file does not set). */
  workdir: string | undefined;
  /** The venv `source …/bin/activate` activated earlier in this RUN (null: one this file did not make). */
  activated?: Venv | null;
  /** The entries of the last `ENV PATH`: expanded absolute folders, else as written (`$PATH`, a name not known). */
  path?: string[];
  virtualEnv?: string;
}

/** `text` with its variables expanded as the build step sees them; undefined when a name is not known. */
function expand(model: DockerfileModel, stage: Stage, instr: Instruction, text: string): string | undefined {
  return text.includes('$') ? expandWith(model, text, valuesAt(model, stage, instr)) : text;
}

/** Where the folder a word names is: expanded, and made absolute from the working directory. */
function resolve(scope: Scope, written: string): { dir: string; shown: string } | undefined {
  const shown = expand(scope.model, scope.stage, scope.instr, written);
  if (shown === undefined || shown === '') {
    return undefined;
  }
  return { dir: joinPath(scope.workdir ?? '/?', shown), shown };
}

function venvAt(scope: Scope, written: string | undefined): Venv | undefined {
  const where = written === undefined ? undefined : resolve(scope, written);
  return where && scope.venvs.get(where.dir);
}

/** The venv whose `bin` holds the program (`/venv/bin/pip`, `$VIRTUAL_ENV/bin/python`). */
function venvOfProgram(scope: Scope, program: string): Venv | undefined {
  const bin = /^(.+)\/bin\/[^/]+$/.exec(program)?.[1];
  return bin === undefined ? undefined : venvAt(scope, bin);
}

/** Folders on PATH whose Python is the base image's (the system's, conda's): no venv after them is the one run. */
const basePythonBinRe = /^\/(?:usr\/(?:local\/)?)?s?bin$|conda|mamba|miniforge/i;

const inheritedPathRe = /\$\{?PATH\b/;

/** The venv whose `bin` comes first on PATH, before the inherited `$PATH` and the base's own Python. */
function venvOnPath(scope: Scope): Venv | undefined {
  for (const entry of scope.path ?? []) {
    if (inheritedPathRe.test(entry) || basePythonBinRe.test(entry)) {
      return undefined;
    }
    const venv = entry.endsWith('/bin') ? scope.venvs.get(entry.slice(0, -'/bin'.length)) : undefined;
    if (venv) {
      return venv;
    }
  }
  return undefined;
}

/**
 * The venv an install goes into: one named by `--python`, the one whose pip or python runs it, or for a bare command
 * the venv activated in this RUN, else (pip) the one first on PATH or (uv) VIRTUAL_ENV's or the working directory's `.venv`.
 */
function venvOf(scope: Scope, install: PythonInstall): Venv | undefined {
  if (scope.venvs.size === 0 || install.tool === 'conda' || install.pipx || hasOption(install, '--system', '--target', '-t', '--prefix', '--root', '--user')) {
    return undefined;
  }
  const python = optionValues(install, '--python', '-p')[0]?.value;
  if (python !== undefined) {
    return venvOfProgram(scope, python) ?? venvAt(scope, python);
  }
  if (install.toolWord.value.includes('/')) {
    return venvOfProgram(scope, install.toolWord.value);
  }
  if (scope.activated !== undefined) {
    return scope.activated ?? undefined;
  }
  return install.tool === 'uv' ? (venvAt(scope, scope.virtualEnv) ?? venvAt(scope, '.venv')) : venvOnPath(scope);
}

/** The `ENV PATH` entries, each expanded on its own; `$PATH` (the inherited ones) and what cannot be expanded stay as written. */
function pathEntries(model: DockerfileModel, stage: Stage, instr: Instruction, value: string): string[] {
  return value.split(':').map((entry) => {
    const expanded = inheritedPathRe.test(entry) ? undefined : expand(model, stage, instr, entry);
    return expanded?.startsWith('/') ? joinPath('/', expanded) : entry;
  });
}

/** Every Python install, in the stage and the stages it is built on, that goes into a venv an earlier command made. */
export function venvInstalls(model: DockerfileModel, stage: Stage): VenvInstall[] {
  const out: VenvInstall[] = [];
  const venvs = new Map<string, Venv>();
  let path: string[] | undefined;
  let virtualEnv: string | undefined;
  let workdir: string | undefined;
  for (const instr of chainInstructions(stage)) {
    workdir = workdirAfter(workdir, instr);
    const run = effective(instr);
    if (run.keyword === 'ENV') {
      for (const kv of keyValues(run)) {
        path = kv.key === 'PATH' ? pathEntries(model, stage, instr, kv.value ?? '') : path;
        virtualEnv = kv.key === 'VIRTUAL_ENV' ? kv.value : virtualEnv;
      }
      continue;
    }
    const scope: Scope = { model, stage, instr, venvs, workdir, path, virtualEnv };
    for (const { command } of runCommands(instr)) {
      for (const made of venvCreations(command)) {
        const where = resolve(scope, made.dir);
        const line = command.words[0]?.range.start.line ?? instr.startLine;
        if (where) {
          venvs.set(where.dir, { ...where, line, systemSitePackages: made.systemSitePackages });
        }
      }
      const activated = activatedVenv(command);
      scope.activated = activated !== undefined ? (venvAt(scope, activated) ?? null) : deactivates(command) ? undefined : scope.activated;
      const install = pythonInstalls(instr).find((i) => i.command === command);
      const venv = install && venvOf(scope, install);
      if (install && venv) {
        out.push({ install, instr, venv });
      }
    }
  }
  return out;
}
