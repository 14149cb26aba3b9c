import type { PythonInstall, PythonTool } from '../../dockerfile/installs';
import { noCacheOption, pythonInstalls, requirementName, runCommands, uvSync } from '../../dockerfile/installs';
import type { DockerfileModel, Stage } from '../../dockerfile/semantic';
import { chainInstructions, finalChain } from '../../dockerfile/semantic';
import { valuesAt } from '../../dockerfile/scope-values';
import { keyValues } from '../../dockerfile/kv';
import { expandVars } from '../../dockerfile/variables';
import { buildsWindowsImage } from '../../dockerfile/windows';
import type { ShellCommand, ShellScript, ShellWord } from '../../dockerfile/shell';
import { effectiveCommand } from '../../dockerfile/shell';
import type { DockerfileRule } from '../../rule';
import type { Instruction } from '../../dockerfile/model';
import type { RuleFinding } from '../../types';
import type { CacheLocation } from './cache-mounts';
import { cacheDirOption, cacheLocation, cacheMountTargets, commandCacheDirs, mountsCache } from './cache-mounts';
import type { PipCacheConfig } from './pip-config';
import { pipArgs, pipCacheConfig } from './pip-config';
import { finding } from './helpers';
import { useraddUid } from './mld309-useradd-without-no-log-init';
import { posixRunCommands } from './posix-runs';

/** One install command that may leave a download cache behind. */
interface CachingInstall {
  tool: PythonTool;
  command: ShellCommand;
  script: ShellScript;
  /** The word that names the tool (`pip3`, `/bin/uv`, `conda`). */
  toolWord: ShellWord;
  /** The subcommand (`install`, `create`, `sync`) the fix appends the flag after. */
  subWord: ShellWord | undefined;
  /** The tool's no-cache flag is on the command line. */
  flagged: boolean;
}

/** pip reads its options in order: a `--cache-dir` after `--no-cache-dir` switches the cache back on (uv's --no-cache always wins). */
function noCacheFlagWins(install: PythonInstall): boolean {
  const flag = noCacheOption(install);
  if (!flag || install.tool !== 'pip') {
    return flag !== undefined;
  }
  const cacheDir = cacheDirOption(install.command)?.words[0];
  return cacheDir === undefined || cacheDir.start < flag.start;
}

/** The installers themselves: a wheel or two of a few MB, whose cache is not worth a finding (`pip install -U pip`). */
const installerPackages = new Set(['pip', 'setuptools', 'wheel', 'uv']);

/** `pip|uv pip install`, `conda install|create` and `uv [pip] sync` commands of a RUN. */
function cachingInstalls(instr: Instruction): CachingInstall[] {
  const installs: CachingInstall[] = pythonInstalls(instr)
    .filter((i) => i.options.some((o) => ['-r', '--requirement', '-e', '--editable'].includes(o.name) || (i.tool === 'conda' && (o.name === '--file' || o.name === '-f') && o.value)) || (i.packages.length > 0 && !(i.tool !== 'conda' && i.packages.every((w) => installerPackages.has(requirementName(w.value))))))
    .map((i) => ({
      tool: i.tool,
      command: i.command,
      script: i.script,
      toolWord: i.toolWord,
      subWord: i.command.words.find((w) => w.value === 'install' || w.value === 'create'),
      flagged: noCacheFlagWins(i),
    }));
  for (const { command, script } of runCommands(instr)) {
    const sync = uvSync(command, script);
    if (sync) {
      installs.push({ tool: 'uv', command, script, toolWord: sync.toolWord, subWord: sync.subWord, flagged: noCacheOption(sync) !== undefined });
    }
  }
  return installs;
}

/**
 * Does a value of PIP_NO_CACHE_DIR / UV_NO_CACHE switch the cache off? pip disables it for any value it
 * accepts, `off`, `false` and `0` included (its --no-cache-dir callback says so, for backward compatibility);
 * it ignores an empty one. uv reads the variable as a boolean.
 */
function switchesCacheOff(tool: 'pip' | 'uv', value: string): boolean {
  return value !== '' && (tool === 'pip' || !/^(?:0|false|no|off|n|f)$/i.test(value));
}

/** An ENV that switches the cache off, set before `instr` in the stage's ancestry. */
function envDisables(stage: Stage, instr: Instruction, tool: 'pip' | 'uv'): boolean {
  const name = noCacheEnv[tool];
  let on = false;
  for (const i of chainInstructions(stage)) {
    if (i === instr) {
      break;
    }
    if (i.keyword === 'ENV') {
      for (const kv of keyValues(i)) {
        if (kv.key === name) {
          on = kv.value !== undefined && switchesCacheOff(tool, kv.value);
        }
      }
    }
  }
  return on;
}

const shortCluster = /^-[a-zA-Z]+$/;
const condaCleanLong: Record<string, string> = { '--all': 'a', '--tarballs': 't', '--packages': 'p', '--force-pkgs-dirs': 'f' };

/**
 * A `conda clean` that empties the package cache: `-a`/`--all`, `-f`/`--force-pkgs-dirs`, or tarballs and
 * packages together (`-tipy`, `-tipsy`, `--tarballs --packages`; SeldonIO/MLServer), which is what `-a` removes from pkgs/.
 */
function condaCleanEmptiesCache(args: readonly ShellWord[]): boolean {
  let tarballs = false;
  let packages = false;
  for (const a of args) {
    const v = a.value;
    const letters = shortCluster.test(v) ? v : condaCleanLong[v];
    if (letters === undefined) {
      continue;
    }
    if (letters.includes('a') || letters.includes('f')) {
      return true;
    }
    tarballs ||= letters.includes('t');
    packages ||= letters.includes('p');
  }
  return tarballs && packages;
}

/** `conda clean -a…` (or an equivalent, see condaCleanEmptiesCache) later in the same RUN. */
function condaCleanedAfter(instr: Instruction, command: ShellCommand): boolean {
  const commands = runCommands(instr);
  const at = commands.findIndex((c) => c.command === command);
  return commands.slice(at + 1).some(({ command: next }) => {
    const eff = effectiveCommand(next);
    return eff !== undefined && ['conda', 'mamba', 'micromamba'].includes(eff.name) && eff.args[0]?.value === 'clean' && condaCleanEmptiesCache(eff.args.slice(1));
  });
}

/** `rm -r` targets that delete a pip or uv cache: `~/.cache/pip`, `/root/.cache/uv/*`, or all of `~/.cache`. */
const cacheDirRe: Record<'pip' | 'uv', RegExp> = {
  pip: /(?:^|\/)\.cache(?:\/pip)?\/?(?:\*)?$/,
  uv: /(?:^|\/)\.cache(?:\/uv)?\/?(?:\*)?$/,
};

/** `rm -r` of `dir`, a folder above it, or everything in one of them (`rm -r /tmp/pipcache`, `rm -rf /tmp/*`). */
function removesDir(target: string, dir: string): boolean {
  const removed = target.replace(/\/\*$/, '').replace(/\/+$/, '');
  return removed === dir || dir.startsWith(`${removed}/`);
}

/**
 * The pip/uv cache is deleted later in the same RUN (`pip cache purge`, `uv cache clean`, `rm -rf ~/.cache/pip`,
 * or, where the cache was moved, `rm -r` of its folder: a scrapyd image's `--cache-dir=/tmp/pipcache … && rm -r /tmp/pipcache`).
 */
function cacheRemovedAfter(instr: Instruction, command: ShellCommand, tool: 'pip' | 'uv', where: () => CacheContext): boolean {
  const commands = runCommands(instr);
  const at = commands.findIndex((c) => c.command === command);
  return commands.slice(at + 1).some(({ command: next }) => {
    const eff = effectiveCommand(next);
    if (!eff) {
      return false;
    }
    const args = eff.args;
    if (eff.name === 'rm') {
      const recursive = args.some((a) => /^-[a-zA-Z]*[rR]/.test(a.value) || a.value === '--recursive');
      const { location, values } = recursive ? where() : { location: undefined, values: undefined };
      if (typeof location === 'object' && values) {
        // A cache moved to a home's .cache/pip is still the one `rm -rf ~/.cache/pip` deletes.
        const homeCache = cacheDirRe[tool].test(location.dir);
        return recursive && args.some((a) => removesDir(expandVars(a.value, (n) => values.get(n)).value, location.dir) || (homeCache && cacheDirRe[tool].test(a.value)));
      }
      return recursive && args.some((a) => cacheDirRe[tool].test(a.value));
    }
    if (tool === 'uv') {
      return eff.name === 'uv' && args[0]?.value === 'cache' && args[1]?.value === 'clean';
    }
    const pip = pipArgs(eff.name, args);
    return pip?.[0]?.value === 'cache' && pip[1]?.value === 'purge';
  });
}

const noCacheEnv: Record<'pip' | 'uv', string> = { pip: 'PIP_NO_CACHE_DIR', uv: 'UV_NO_CACHE' };

/**
 * The value an `export NAME=value` earlier in the script gave NAME in the shell that runs `command`
 * (`export PIP_NO_CACHE_DIR=off; pip install …`); an export in a subshell that has ended, in a pipeline
 * or in the background does not reach it. Undefined when none did (or a later `unset NAME` undid it).
 */
export function exportedBefore(script: ShellScript, command: ShellCommand, name: string): string | undefined {
  const frames: (string | undefined)[] = [undefined];
  for (const c of script.commands) {
    if (c.before === '(') {
      frames.push(frames[frames.length - 1]);
    }
    if (c === command) {
      return frames[frames.length - 1];
    }
    const own = !['|', '|&', '&'].includes(c.after ?? '') && c.before !== '|' && c.before !== '|&';
    const [first, ...rest] = c.words;
    if (own && (first?.value === 'export' || first?.value === 'unset')) {
      for (const w of rest) {
        if (first.value === 'export' && w.value.startsWith(`${name}=`)) {
          frames[frames.length - 1] = w.value.slice(name.length + 1);
        } else if (first.value === 'unset' && w.value === name) {
          frames[frames.length - 1] = undefined;
        }
      }
    }
    if (c.after === ')' && frames.length > 1) {
      frames.pop();
    }
  }
  return undefined;
}

function cacheDisabled(install: CachingInstall, stage: Stage, instr: Instruction, where: () => CacheContext): boolean {
  const tool = install.tool;
  if (tool === 'conda') {
    return condaCleanedAfter(instr, install.command);
  }
  const env = noCacheEnv[tool];
  const inline = install.command.assignments.some((a) => a.value.startsWith(`${env}=`) && switchesCacheOff(tool, a.value.slice(env.length + 1)));
  const exported = exportedBefore(install.script, install.command, env);
  if (install.flagged || inline || (exported !== undefined && switchesCacheOff(tool, exported)) || envDisables(stage, instr, tool) || (tool === 'pip' && pipCacheConfig(stage, instr).noCache)) {
    return true;
  }
  return cacheRemovedAfter(instr, install.command, tool, where);
}

/** What decides where one install's cache goes: the build step's variables, earlier `pip config set`, and the folder that results. */
interface CacheContext {
  values: ReadonlyMap<string, string | undefined>;
  config: PipCacheConfig;
  location: CacheLocation;
  /** `pip config set global.cache-dir false` decides the folder: pip reads the word as a relative path, not as "off". */
  wordAsCacheDir?: string;
}

function cacheContext(model: DockerfileModel, stage: Stage, instr: Instruction, install: CachingInstall): CacheContext {
  const values = valuesAt(model, stage, instr);
  const config = pipCacheConfig(stage, instr);
  const dirs = commandCacheDirs(install.command, install.tool);
  const location = cacheLocation(values, install.tool, { option: dirs.option, inline: dirs.inline, config: config.cacheDir });
  const decidedByConfig = install.tool === 'pip' && dirs.option === undefined && dirs.inline === undefined && !values.has('PIP_CACHE_DIR');
  const wordAsCacheDir = decidedByConfig && config.cacheDir !== undefined && /^(?:false|off|no|0|none)$/i.test(config.cacheDir) ? config.cacheDir : undefined;
  return { values, config, location, wordAsCacheDir };
}

/** The USER a RUN runs as (the last USER before it in the stage's ancestry), unless that is root. */
function nonRootUser(stage: Stage, instr: Instruction): string | undefined {
  let user: string | undefined;
  for (const i of chainInstructions(stage)) {
    if (i === instr) {
      break;
    }
    if (i.keyword === 'USER') {
      user = i.words[0]?.value.split(':')[0];
    }
  }
  return user === undefined || user === '' || user === 'root' || user === '0' ? undefined : user;
}

/**
 * The cache mount that would keep the cache out of the layer. Under a non-root USER the cache is in that
 * user's home and the mount must belong to it (facebookresearch/detectron2: `USER appuser`, `pip install --user`).
 */
function cacheMount(model: DockerfileModel, stage: Stage, instr: Instruction, tool: 'pip' | 'uv', where: CacheContext): string {
  const user = nonRootUser(stage, instr);
  const { values, location } = where;
  // --cache-dir, PIP_CACHE_DIR, UV_CACHE_DIR or XDG_CACHE_HOME moved the cache (m-bain/whisperX: XDG_CACHE_HOME=/cache).
  const configured = typeof location === 'object' ? location.dir : undefined;
  if (user === undefined) {
    return `RUN --mount=type=cache,target=${configured ?? `/root/.cache/${tool}`}`;
  }
  const home = values.get('HOME');
  const dir = home?.startsWith('/') && !home.includes('$') ? home.replace(/\/+$/, '') : /^\d+$/.test(user) || user.includes('$') ? '<home>' : `/home/${user}`;
  const uid = /^\d+$/.test(user) ? user : (useraddUidOf(model, user) ?? `<uid of ${user}>`);
  return `RUN --mount=type=cache,target=${configured ?? `${dir}/.cache/${tool}`},uid=${uid} (USER ${user}'s cache)`;
}

function useraddUidOf(model: DockerfileModel, name: string): string | undefined {
  let uid: string | undefined;
  for (const c of posixRunCommands(model)) {
    if (c.name === 'useradd' && c.args[c.args.length - 1]?.value === name) {
      uid = useraddUid(c.args)?.value;
    }
  }
  return uid !== undefined && /^\d+$/.test(uid) ? uid : undefined;
}

/**
 * conda's package cache: `<root>/pkgs` of the conda that runs, from its path (`/opt/conda/bin/conda`) or the
 * conda `bin` on PATH (`ENV PATH=/root/miniconda3/bin:$PATH`; axolotl, transformers' TPU image), else /opt/conda/pkgs.
 */
function condaPkgs(stage: Stage, instr: Instruction, toolWord: ShellWord): string {
  const fromPath = (dir: string): string | undefined => (dir.startsWith('/') && !dir.includes('$') ? `${dir.replace(/\/bin\/?$/, '')}/pkgs` : undefined);
  if (toolWord.value.includes('/')) {
    return fromPath(toolWord.value.slice(0, toolWord.value.lastIndexOf('/'))) ?? '/opt/conda/pkgs';
  }
  // The PATH entries as written: `${PATH}` stays unexpanded, and conda's own entry is a literal.
  const entries = chainInstructions(stage)
    .slice(0, chainInstructions(stage).indexOf(instr))
    .filter((i) => i.keyword === 'ENV')
    .flatMap((i) => keyValues(i).filter((kv) => kv.key === 'PATH'))
    .flatMap((kv) => (kv.value ?? '').split(':'));
  const condaBin = entries.reverse().find((d) => /(?:conda|mamba|miniforge)[^/]*\/bin\/?$/i.test(d));
  return (condaBin && fromPath(condaBin)) ?? '/opt/conda/pkgs';
}

/** A cache mount covers the folder the cache goes to (--cache-dir, PIP_CACHE_DIR, UV_CACHE_DIR or XDG_CACHE_HOME may have moved it). */
function mountsToolCache(instr: Instruction, tool: PythonTool, where: () => CacheContext): boolean {
  return cacheMountTargets(instr).length > 0 && mountsCache(instr, tool, where().location);
}

/** `mount` is undefined for a Windows image: RUN --mount does not work for Windows containers. */
function report(install: CachingInstall, mount: (() => string) | undefined, wordAsCacheDir?: string): RuleFinding {
  const { tool, toolWord, subWord } = install;
  const anchor = { start: toolWord.range.start, end: (subWord ?? toolWord).range.end };
  if (tool === 'conda') {
    const orMount = mount ? `, or use a cache mount on ${mount()}` : '';
    return finding(anchor, `${toolWord.value} leaves its package cache in this layer; append && ${toolWord.value} clean -afy to the same RUN${orMount}.`);
  }
  const flag = tool === 'pip' ? '--no-cache-dir' : '--no-cache';
  // pip reads options in order, so a --cache-dir after an added --no-cache-dir would switch the cache back on: replace it.
  const cacheDir = tool === 'pip' ? cacheDirOption(install.command)?.words : undefined;
  const edit = cacheDir
    ? { title: `Replace ${cacheDir.map((w) => w.value).join(' ')} with ${flag}`, edits: [{ range: { start: (cacheDir[0] as ShellWord).range.start, end: (cacheDir[cacheDir.length - 1] as ShellWord).range.end }, newText: flag }] }
    : subWord
      ? { title: `Add ${flag}`, edits: [{ range: { start: subWord.range.end, end: subWord.range.end }, newText: ` ${flag}` }] }
      : undefined;
  const advice = cacheDir ? `replace ${cacheDir.map((w) => w.value).join(' ')} with ${flag}` : `add ${flag}`;
  // Lightning-AI's CUDA images: `pip config set global.cache-dir false` sends the cache to ./false, so no mount at ~/.cache/pip catches it.
  if (wordAsCacheDir !== undefined) {
    return finding(
      anchor,
      `pip keeps its download cache in this layer: the earlier pip config set global.cache-dir ${wordAsCacheDir} names a folder (./${wordAsCacheDir} in the working directory), it does not turn the cache off; ${advice}, or write pip config set global.no-cache-dir true instead.`,
      edit,
      'DL3042',
    );
  }
  const orMount = mount ? `, or use ${mount()}` : '';
  return finding(anchor, `${tool} keeps its download cache in this layer (often GBs for CUDA wheels); ${advice}${orMount}.`, edit, tool === 'pip' ? 'DL3042' : undefined);
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD304',
    name: 'python-package-cache-in-layer',
    family: 'performance',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: { hadolint: ['DL3042'] },
    description: 'A pip/uv/conda install leaves its download cache in a layer of the final image.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    if (model.nonPosixShell) {
      return out;
    }
    // Only stages the final image inherits from: a builder stage's cache never ships (trap T11).
    for (const stage of finalChain(model).reverse()) {
      if (stage.nonPosixShell) {
        continue;
      }
      const windows = buildsWindowsImage(model, stage);
      for (const instr of stage.instructions) {
        for (const install of cachingInstalls(instr)) {
          let context: CacheContext | undefined;
          const where = (): CacheContext => (context ??= cacheContext(model, stage, instr, install));
          // A cache mount keeps the cache out of the layer (trap T10; MLD305 covers the conflict).
          if (!mountsToolCache(instr, install.tool, where) && !cacheDisabled(install, stage, instr, where)) {
            const mount = install.tool === 'conda' ? () => condaPkgs(stage, instr, install.toolWord) : () => cacheMount(model, stage, instr, install.tool === 'uv' ? 'uv' : 'pip', where());
            out.push(report(install, windows ? undefined : mount, install.tool === 'pip' ? where().wordAsCacheDir : undefined));
          }
        }
      }
    }
    return out;
  },
};
