import type { LockedEnvInstall } from '../../dockerfile/installs';
import { lockedEnvInstall, optionValues, pythonInstalls, runCommands, uvSync } from '../../dockerfile/installs';
import type { Instruction } from '../../dockerfile/model';
import type { Stage } from '../../dockerfile/semantic';
import { chainInstructions, effective } from '../../dockerfile/semantic';
import { basename } from '../../dockerfile/shell';
import type { ShellWord } from '../../dockerfile/shell';
import type { DockerfileRule } from '../../rule';
import type { Fix, Range, RuleFinding } from '../../types';
import { finding, insertLinesBefore } from './helpers';
import type { RunCommand } from './posix-runs';
import { instructionIndex, posixRunCommands, subcommand } from './posix-runs';
import { joinPath, workdirAt } from './workdir-at';

type Manager = 'pip' | 'uv' | 'poetry' | 'conda' | 'pixi';

interface DependencyInstall {
  range: Range;
  /** What the install reads, as written (`requirements.txt`); `pyproject.toml` when it is implied (`uv sync`). */
  manifests: string[];
  what: string;
  manager: Manager;
  /** File names the install reads its dependency list from (`uv sync`: `pyproject.toml` and `uv.lock`). */
  inputs: string[];
  /** Another name the manifest may have: pixi reads pyproject.toml where there is no pixi.toml. */
  alias?: string;
}

const lockFiles: Partial<Record<Manager, string>> = { uv: 'uv.lock', poetry: 'poetry.lock', pixi: 'pixi.lock' };

function dependencyOf(range: Range, manager: Manager, manifests: string[], what: string): DependencyInstall {
  const lock = lockFiles[manager];
  const inputs = manifests.map((m) => basename(m));
  return { range, manager, manifests, what, inputs: lock ? [...inputs, lock] : inputs };
}

function optionValue(args: readonly ShellWord[], names: readonly string[]): string[] {
  const out: string[] = [];
  args.forEach((a, k) => {
    const eq = a.value.indexOf('=');
    if (names.includes(a.value) && args[k + 1]) {
      out.push((args[k + 1] as ShellWord).value);
    } else if (eq > 0 && names.includes(a.value.slice(0, eq))) {
      out.push(a.value.slice(eq + 1));
    }
  });
  return out;
}

function dependencyInstall(c: RunCommand): DependencyInstall | undefined {
  const sub = subcommand(c.args);
  if (!sub) {
    return undefined;
  }
  const range = { start: c.nameWord.range.start, end: sub.range.end };
  // Read as the other rules read installs: uv's plural --requirements is pip's -r there.
  const install = pythonInstalls(c.instr).find((i) => i.command === c.command);
  if (install && install.tool !== 'conda') {
    const files = optionValues(install, '-r', '--requirement').map((w) => w.value);
    return files.length > 0 ? dependencyOf(range, 'pip', files, `${install.tool === 'uv' ? 'uv pip' : 'pip'} install -r`) : undefined;
  }
  const sync = uvSync(c.command, c.script);
  if (sync && !sync.pip) {
    return dependencyOf({ start: range.start, end: sync.subWord.range.end }, 'uv', ['pyproject.toml'], `uv ${sync.subWord.value}`);
  }
  const env = lockedEnvInstall(c.command, c.script);
  if (env) {
    return lockedEnvDependency(env);
  }
  if (c.name === 'poetry' && sub.value === 'install') {
    return dependencyOf(range, 'poetry', ['pyproject.toml'], 'poetry install');
  }
  if (['conda', 'mamba', 'micromamba'].includes(c.name) && sub.value === 'env' && c.args.some((a) => a.value === 'create')) {
    const files = optionValue(c.args, ['-f', '--file']);
    return files.length > 0 ? dependencyOf(range, 'conda', files, `${c.name} env create -f`) : undefined;
  }
  return undefined;
}

/** `conda-lock install` reads its lock file; `pixi install` its manifest and pixi.lock (a pyproject.toml may hold the manifest instead). */
function lockedEnvDependency(env: LockedEnvInstall): DependencyInstall {
  const range = { start: env.toolWord.range.start, end: env.subWord.range.end };
  const dep = dependencyOf(range, env.tool === 'pixi' ? 'pixi' : 'conda', [env.manifest], `${env.tool} install`);
  return env.tool === 'pixi' && env.manifest === 'pixi.toml' ? { ...dep, inputs: [...dep.inputs, 'pyproject.toml'], alias: 'pyproject.toml' } : dep;
}

/** `COPY . <dst>` (the whole context) from the build context, not from another stage. */
function isBroadCopy(instr: Instruction): boolean {
  if ((instr.keyword !== 'COPY' && instr.keyword !== 'ADD') || instr.flags.some((f) => f.name === 'from')) {
    return false;
  }
  const sources = instr.json ? instr.json.slice(0, -1).map((j) => j.value) : instr.words.slice(0, -1).map((w) => w.value);
  return sources.some((s) => /^(?:\.\/?|\.\/\*|\*)$/.test(s));
}

function copiedNames(instr: Instruction): Set<string> {
  if (instr.keyword !== 'COPY' && instr.keyword !== 'ADD') {
    return new Set();
  }
  return new Set(instr.words.slice(0, -1).map((w) => basename(w.value.replace(/\/+$/, ''))));
}

/** `RUN --mount=type=bind,source=…,target=…`: target file name → source file name. */
function bindMounts(instr: Instruction): Map<string, string> {
  const out = new Map<string, string>();
  for (const flag of effective(instr).flags) {
    if (flag.name !== 'mount' || flag.value === undefined) {
      continue;
    }
    const pairs = new Map(flag.value.split(',').map((p) => [p.split('=')[0] ?? '', p.slice(p.indexOf('=') + 1)] as const));
    const source = pairs.get('source') ?? pairs.get('src');
    const target = pairs.get('target') ?? pairs.get('dst') ?? pairs.get('destination');
    if ((pairs.get('type') ?? 'bind') === 'bind' && source !== undefined && target !== undefined) {
      out.set(basename(target.replace(/\/+$/, '')), basename(source.replace(/\/+$/, '')));
    }
  }
  return out;
}

/** The install's inputs as build-context file names (a bind-mounted manifest may be renamed at its target). */
function contextInputs(dep: DependencyInstall, instr: Instruction): string[] {
  const mounts = bindMounts(instr);
  return dep.inputs.map((name) => mounts.get(name) ?? name);
}

/** Did an earlier install of the same manager already read one of this install's inputs (copied or bind-mounted)? */
function installedBefore(dep: DependencyInstall, earlier: readonly { dep: DependencyInstall; inputs: string[] }[]): boolean {
  return earlier.some((e) => e.dep.manager === dep.manager && e.inputs.some((name) => dep.inputs.includes(name)));
}

interface ManifestCopy {
  name: string;
  copy: Instruction;
}

/** The COPY of each manifest (or of the other name it may have) made on its own before the broad COPY; undefined unless all were. */
function copiedFirst(dep: DependencyInstall, broadCopy: BroadCopy): ManifestCopy[] | undefined {
  const copies = dep.manifests.map((m) => {
    const name = [basename(m), dep.alias].find((n) => n !== undefined && broadCopy.copiedFirst.has(n));
    return name === undefined ? undefined : { name, copy: broadCopy.copiedFirst.get(name) as Instruction };
  });
  return copies.every((c) => c !== undefined) ? copies : undefined;
}

/** A RUN before the broad COPY names the manifest (`pip wheel -r requirements.txt -w /wheels`): the split is deliberate. */
function readFirst(dep: DependencyInstall, broadCopy: BroadCopy): boolean {
  return dep.manifests.some((m) => broadCopy.readFirst.has(basename(m)));
}

/** Relative paths compared as written: `./a/b.txt` is `a/b.txt`. */
const relativePath = (p: string): string => p.replace(/^(?:\.\/)+/, '');

/** `copy` puts manifest `m` (a relative path) at `m` again: `COPY m m`, `COPY m ./`, `COPY a/m a/`, in the WORKDIR the broad COPY sees. */
function copiesToSamePath(copy: Instruction, m: string, stage: Stage, broad: Instruction): boolean {
  const from = stage.instructions.indexOf(copy);
  const to = stage.instructions.indexOf(broad);
  if (from < 0 || copy.json || stage.instructions.slice(from, to).some((i) => i.keyword === 'WORKDIR')) {
    return false;
  }
  const sources = copy.words.slice(0, -1).map((w) => relativePath(w.value));
  const dest = copy.words[copy.words.length - 1]?.value ?? '';
  const intoDir = dest.endsWith('/') || dest === '.' || sources.length > 1;
  const dir = relativePath(`${dest}/`).replace(/\/+$/, '').replace(/^\.$/, '');
  const target = intoDir ? [dir, basename(m)].filter((p) => p !== '').join('/') : relativePath(dest);
  return sources.includes(relativePath(m)) && target === relativePath(m);
}

/**
 * Simple case: copy the manifest file to the same relative path, then run the install, above the broad COPY.
 * When earlier COPYs already put the manifests there (`copied`), only the install moves.
 */
function moveFix(broad: Instruction, install: Instruction, between: readonly Instruction[], manifests: string[], lines: readonly string[], copied?: boolean): Fix | undefined {
  if (runCommands(install).length !== 1 || between.some((i) => ['WORKDIR', 'USER', 'ENV', 'ARG', 'SHELL'].includes(i.keyword))) {
    return undefined;
  }
  const dest = broad.words[broad.words.length - 1]?.value;
  const relative = manifests.every((m) => !m.startsWith('/') && !m.includes('..') && !m.includes('$'));
  if ((!copied && dest !== '.' && dest !== './') || !relative || install.heredocs.length > 0 || install.trigger || broad.json) {
    return undefined;
  }
  const runText = lines.slice(install.startLine - 1, install.endLine).join('\n');
  const copies = copied ? '' : `${manifests.map((m) => `COPY ${m} ${m}`).join('\n')}\n`;
  const nextLine = install.endLine + 1;
  const deleteEnd = nextLine <= lines.length ? { line: nextLine, column: 1 } : { line: install.endLine, column: (lines[install.endLine - 1] ?? '').length + 1 };
  return {
    title: copied ? 'Move the install above the source COPY' : 'Copy the manifest and install before the source COPY',
    edits: [insertLinesBefore(broad, `${copies}${runText}\n`), { range: { start: { line: install.startLine, column: 1 }, end: deleteEnd }, newText: '' }],
  };
}

/**
 * The COPY that brings the manifests in first. A manifest named by its path in the image, under the broad
 * COPY's destination (`COPY . /code`, then `pip install -r /code/tools/requirements.txt`; microsoft/onnxruntime),
 * is copied from its path in the build context; so is one under a relative destination in the WORKDIR
 * (`WORKDIR /deps`, `COPY . .`, then `pip install -r /deps/requirements.txt`; AI-Hypercomputer/maxtext).
 */
function manifestCopies(broad: Instruction, manifests: readonly string[], workdir: string | undefined): string {
  const written = (broad.json ? broad.json[broad.json.length - 1]?.value : broad.words[broad.words.length - 1]?.value)?.replace(/\/+$/, '');
  const dest = written !== undefined && !written.startsWith('/') && !written.includes('$') && workdir !== undefined ? joinPath(workdir, written).replace(/^\/$/, '') : written;
  const inContext = (m: string): string | undefined => (dest?.startsWith('/') && m.startsWith(`${dest}/`) ? m.slice(dest.length + 1) : undefined);
  if (manifests.every((m) => inContext(m) === undefined)) {
    return `COPY ${manifests.join(' ')}`;
  }
  return manifests.map((m) => `COPY ${inContext(m) ?? m} ${m}`).join(' and ');
}

interface BroadCopy {
  at: number;
  /** File name → the last COPY before the broad COPY that brought it in. */
  copiedFirst: Map<string, Instruction>;
  /** File names the commands of RUNs before the broad COPY name. */
  readFirst: Set<string>;
  installedFirst: { dep: DependencyInstall; inputs: string[] }[];
}

function broadCopyContext(stage: Stage, at: number, commands: readonly RunCommand[]): BroadCopy {
  const chain = chainInstructions(stage);
  const before = new Set(chain.slice(0, chain.length - stage.instructions.length + at));
  const earlier = commands.filter((c) => before.has(c.instr));
  const installedFirst = earlier.flatMap((c) => {
    const dep = dependencyInstall(c);
    return dep ? [{ dep, inputs: contextInputs(dep, c.instr) }] : [];
  });
  const copiedFirst = new Map([...before].flatMap((i) => [...copiedNames(i)].map((name) => [name, i] as const)));
  return { at, copiedFirst, readFirst: new Set(earlier.flatMap((c) => c.args.map((a) => basename(a.value)))), installedFirst };
}

/** What to do: copy the manifests first, or (when they already are) move the install up. */
function advice(dep: DependencyInstall, broad: Instruction, copies: readonly ManifestCopy[] | undefined, workdir: string | undefined): string {
  if (!copies) {
    return `${manifestCopies(broad, dep.manifests, workdir)} first, install, then ${broad.keyword} the rest`;
  }
  const names = [...new Set(copies.map((c) => c.name))].join(' and ');
  const lines = [...new Set(copies.map((c) => c.copy.startLine))];
  const copied = lines.length > 1 || copies.length > 1 ? `are already copied on their own (line ${lines.join(' and ')})` : `is already copied on its own on line ${lines[0]}`;
  return `${names} ${copied}, so move this install above the ${broad.keyword} on line ${broad.startLine}`;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD306',
    name: 'deps-installed-after-source-copy',
    family: 'performance',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'A dependency install that reads a manifest runs after COPY of the whole source tree, so every code edit rebuilds the dependency layer.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    const lines = model.parsed.lines;
    const commands = posixRunCommands(model);
    /** Per stage: the first broad COPY, and the file names copied and dependency installs run before it (ancestor stages included). */
    const broadCopies = new Map<Stage, BroadCopy>();
    for (const stage of model.stages) {
      const at = stage.instructions.findIndex(isBroadCopy);
      if (at >= 0) {
        broadCopies.set(stage, broadCopyContext(stage, at, commands));
      }
    }
    if (broadCopies.size === 0) {
      return out;
    }
    const index = instructionIndex(model.stages);
    for (const c of commands) {
      const broadCopy = broadCopies.get(c.stage);
      const position = index.get(c.instr) ?? -1;
      if (!broadCopy || broadCopy.at > position) {
        continue;
      }
      const dep = dependencyInstall(c);
      // Already split: the same manager installed the dependencies, or a RUN read the manifest copied on its own, before the broad COPY.
      const copies = dep && copiedFirst(dep, broadCopy);
      if (!dep || installedBefore(dep, broadCopy.installedFirst) || (copies && readFirst(dep, broadCopy))) {
        continue;
      }
      const broad = c.stage.instructions[broadCopy.at] as Instruction;
      const between = c.stage.instructions.slice(broadCopy.at + 1, position);
      const copiedThere = copies !== undefined && dep.manifests.every((m, k) => copiesToSamePath((copies[k] as ManifestCopy).copy, m, c.stage, broad));
      const simple = dep.what.includes(' -r') || dep.what.includes(' -f') ? moveFix(broad, c.instr, between, dep.manifests, lines, copiedThere) : undefined;
      out.push(
        finding(
          dep.range,
          `${dep.what} runs after the ${broad.keyword} on line ${broad.startLine} brings in the whole source tree, so every code edit reinstalls the dependencies; ${advice(dep, broad, copies, workdirAt(c.stage, broad))}.`,
          simple,
        ),
      );
    }
    return out;
  },
};
