import type { Instruction } from '../../dockerfile/model';
import type { PythonTool } from '../../dockerfile/installs';
import { memoOn, memoSlot } from '../../dockerfile/memo';
import { effective } from '../../dockerfile/semantic';
import type { DockerfileModel, Stage } from '../../dockerfile/semantic';
import type { ShellCommand, ShellScript, ShellWord } from '../../dockerfile/shell';
import type { RunHome } from '../../dockerfile/users';
import { runHome } from '../../dockerfile/users';
import { effectiveCommand } from '../../dockerfile/shell';
import { valuesAt } from '../../dockerfile/scope-values';
import { expandVars } from '../../dockerfile/variables';

const mountTargetsSlot = memoSlot();

/** Targets of `RUN --mount=type=cache|tmpfs,target=…` as written, cached per instruction (shared result: do not mutate). */
function cacheMountTargets(instr: Instruction): string[] {
  const run = effective(instr);
  // Most instructions have no flags: answering those directly costs less than a memo lookup.
  return run.flags.length === 0 ? [] : memoOn(run, mountTargetsSlot, collectMountTargets);
}

function collectMountTargets(run: Instruction): string[] {
  const out: string[] = [];
  for (const flag of run.flags) {
    if (flag.name !== 'mount' || flag.value === undefined) {
      continue;
    }
    const options = mountOptions(flag.value);
    const target = options.target ?? options.dst ?? options.destination;
    if ((options.type === 'cache' || options.type === 'tmpfs') && target !== undefined) {
      out.push(target.replace(/\/+$/, ''));
    }
  }
  return out;
}

/**
 * The cache and tmpfs mount targets of a RUN as BuildKit mounts them: it expands the ARG and ENV values in scope in
 * `--mount` options (`target=${PIP_CACHE_DIR}`). A target whose variables the linter cannot resolve (base-image ENV,
 * an ARG without a default, an ONBUILD trigger's) is undefined: it may be any folder. Shared result: do not mutate.
 */
export function mountTargetsAt(model: DockerfileModel, stage: Stage, instr: Instruction): (string | undefined)[] {
  const targets = cacheMountTargets(instr);
  if (!targets.some((t) => t.includes('$'))) {
    return targets;
  }
  const values = instr.trigger ? new Map<string, string | undefined>() : valuesAt(model, stage, instr);
  return targets.map((t) => {
    const expanded = expandVars(t, (n) => values.get(n), model.parsed.escape);
    return expanded.unresolved.length === 0 ? expanded.value.replace(/\/+$/, '') : undefined;
  });
}

/** The options of a `--mount` value that cacheMountTargets reads (the last of each wins). */
function mountOptions(value: string): { type?: string; target?: string; dst?: string; destination?: string } {
  const options: { type?: string; target?: string; dst?: string; destination?: string } = {};
  for (const pair of value.split(',')) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (key === 'type' || key === 'target' || key === 'dst' || key === 'destination') {
      options[key] = pair.slice(eq + 1);
    }
  }
  return options;
}

/**
 * Where pip or uv keep their download cache at a build step: the default (`~/.cache/<tool>`), a folder the
 * command line, the environment or pip's configuration names, or 'unknown' when it names one through a
 * value the linter cannot read (an unresolved variable, a relative path).
 */
export type CacheLocation = 'default' | 'unknown' | { dir: string };

/** The tools whose download cache the rules place: the Python installers, pixi (rattler's package cache) and Poetry. */
export type CacheTool = PythonTool | 'pixi' | 'poetry';

/** Variables that name the cache folder, strongest first (pixi reads PIXI_CACHE_DIR, then rattler's RATTLER_CACHE_DIR). */
const cacheDirEnv: Record<Exclude<CacheTool, 'conda'>, string[]> = { pip: ['PIP_CACHE_DIR'], uv: ['UV_CACHE_DIR'], pixi: ['PIXI_CACHE_DIR', 'RATTLER_CACHE_DIR'], poetry: ['POETRY_CACHE_DIR'] };

/** The cache's folder under ~/.cache (or XDG_CACHE_HOME). */
export const cacheFolder: Record<Exclude<CacheTool, 'conda'>, string> = { pip: 'pip', uv: 'uv', pixi: 'rattler', poetry: 'pypoetry' };

/** Who moved the cache, strongest first; each is a folder as written, before variables are expanded. */
export interface CacheDirSources {
  /** `--cache-dir DIR` on the install itself. */
  option?: string;
  /** `PIP_CACHE_DIR=DIR pip install …` (UV_CACHE_DIR for uv). */
  inline?: string;
  /** `pip config set global.cache-dir DIR` in an earlier RUN (pip only; the environment beats it). */
  config?: string;
  /** The home of the user the install runs as, where it is known and is not /root (see cacheHome). */
  home?: string;
}

/** A folder as written: its value once the known variables are expanded, or 'unknown'. */
function locatedAt(text: string, values: ReadonlyMap<string, string | undefined>): CacheLocation {
  const expanded = expandVars(text, (n) => values.get(n));
  const value = expanded.unresolved.length === 0 ? expanded.value : undefined;
  return value?.startsWith('/') ? { dir: value.replace(/\/+$/, '') || '/' } : 'unknown';
}

/**
 * comfyanonymous/ComfyUI mounts a cache at /cache with PIP_CACHE_DIR=/cache/pip; m-bain/whisperX sets
 * XDG_CACHE_HOME=/cache; a Kokoro TTS server passes `--cache-dir /pip-cache` under a mount at /pip-cache.
 */
export function cacheLocation(values: ReadonlyMap<string, string | undefined>, tool: CacheTool, sources: CacheDirSources = {}): CacheLocation {
  if (tool === 'conda') {
    return 'default';
  }
  const fromEnv = (names: readonly string[], suffix: string): CacheLocation | undefined => {
    const name = names.find((n) => values.has(n) && values.get(n) !== '');
    if (name === undefined) {
      return undefined;
    }
    const value = values.get(name);
    return value?.startsWith('/') ? { dir: `${value.replace(/\/+$/, '')}${suffix}` } : 'unknown';
  };
  const written = (text: string | undefined): CacheLocation | undefined => (text === undefined || text === '' ? undefined : locatedAt(text, values));
  return (
    written(sources.option) ??
    written(sources.inline) ??
    fromEnv(cacheDirEnv[tool], '') ??
    (tool === 'pip' ? written(sources.config) : undefined) ??
    fromEnv(['XDG_CACHE_HOME'], `/${cacheFolder[tool]}`) ??
    (sources.home === undefined ? 'default' : { dir: `${sources.home.replace(/\/$/, '')}/.cache/${cacheFolder[tool]}` })
  );
}

/**
 * The home an install's default cache (`~/.cache/<tool>`) goes under, where the Dockerfile shows it and it is not
 * root's: `USER appuser` after `useradd -m appuser`, or `ENV HOME=/app`. A mount on /root/.cache/uv misses that cache.
 * Root's own home stays undecided, so that any mount on a `.cache/<tool>` folder still counts for it.
 */
export function cacheHome(model: DockerfileModel, stage: Stage, instr: Instruction, command: ShellCommand, script: ShellScript): RunHome | undefined {
  const home = runHome(model, stage, instr, command, script);
  return home?.home === '/root' ? undefined : home;
}

/** The last `--cache-dir DIR` / `--cache-dir=DIR` of a pip or uv command line (the last one wins): its words and the folder as written. */
export function cacheDirOption(command: ShellCommand): { words: ShellWord[]; dir: string } | undefined {
  const args = effectiveCommand(command)?.args ?? [];
  let found: { words: ShellWord[]; dir: string } | undefined;
  for (let k = 0; k < args.length; k++) {
    const w = args[k] as ShellWord;
    const next = args[k + 1];
    if (w.value === '--cache-dir' && next) {
      found = { words: [w, next], dir: next.value };
      k++;
    } else if (w.value.startsWith('--cache-dir=')) {
      found = { words: [w], dir: w.value.slice('--cache-dir='.length) };
    }
  }
  return found;
}

/** The cache folders one install command names itself: `--cache-dir DIR` and `PIP_CACHE_DIR=DIR` (UV_CACHE_DIR for uv) before it. */
export function commandCacheDirs(command: ShellCommand, tool: CacheTool): CacheDirSources {
  if (tool === 'conda') {
    return {};
  }
  const prefixes = cacheDirEnv[tool].map((name) => `${name}=`);
  const assigned = prefixes.map((prefix) => command.assignments.find((a) => a.value.startsWith(prefix))?.value.slice(prefix.length));
  const inline = assigned.find((dir) => dir !== undefined);
  return { option: tool === 'pixi' || tool === 'poetry' ? undefined : cacheDirOption(command)?.dir, inline };
}

/**
 * Does one of the RUN's cache mounts (mountTargetsAt) cover the tool's cache? Where the environment moved the cache, only
 * a mount on that folder or above it does; a mount on the default folder then catches nothing. Where it moved the cache
 * to a folder the linter cannot read, any cache mount may be the one; so may a mount on a folder it cannot read.
 */
export function mountsCache(targets: readonly (string | undefined)[], tool: CacheTool, location: CacheLocation): boolean {
  if (location === 'unknown') {
    return targets.length > 0;
  }
  return targets.some((t) => {
    if (t === undefined) {
      return true;
    }
    if (typeof location === 'object') {
      return t !== '' && (location.dir === t || location.dir.startsWith(`${t}/`));
    }
    if (tool === 'conda') {
      return /(?:^|\/)pkgs$/.test(t) || /\/conda$/.test(t);
    }
    const folder = cacheFolder[tool];
    return t.endsWith(`/.cache/${folder}`) || /(?:^|\/)\.cache$/.test(t) || t.endsWith(`/${folder}`);
  });
}
