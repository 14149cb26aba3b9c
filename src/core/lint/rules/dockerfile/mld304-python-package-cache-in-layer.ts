import type { LockedEnvInstall, PythonInstall } from '../../dockerfile/installs';
import { lockedEnvInstall, noCacheOption, poetryInstall, pythonInstalls, requirementName, runCommands, uvSync } from '../../dockerfile/installs';
import type { DockerfileModel, Stage } from '../../dockerfile/semantic';
import { chainInstructions, finalChain } from '../../dockerfile/semantic';
import { condaInstallPrefix } from './conda-prefix';
import { rootImage, valuesAt } from '../../dockerfile/scope-values';
import { baseImageUser } from '../../dockerfile/base-image-users';
import { keyValues } from '../../dockerfile/kv';
import { expandVars } from '../../dockerfile/variables';
import { buildsWindowsImage } from '../../dockerfile/windows';
import type { ShellCommand, ShellScript, ShellWord } from '../../dockerfile/shell';
import type { RunHome } from '../../dockerfile/users';
import { userAt } from '../../dockerfile/users';
import { effectiveCommand, exportedBefore } from '../../dockerfile/shell';
import type { DockerfileRule } from '../../rule';
import type { Instruction } from '../../dockerfile/model';
import type { RuleFinding } from '../../types';
import type { CacheLocation, CacheTool } from './cache-mounts';
import { cacheDirOption, cacheFolder, cacheHome, cacheLocation, commandCacheDirs, mountsCache, mountTargetsAt } from './cache-mounts';
import type { PipCacheConfig } from './pip-config';
import { pipArgs, pipCacheConfig } from './pip-config';
import { finding } from './helpers';
import { useraddUid } from './mld309-useradd-without-no-log-init';
import { posixRunCommands } from './posix-runs';
import { toolCacheMount } from './tool-cache-mount';
import { installsOnlyTheProject, virtualenvOutsideCache } from './poetry-cache';

/** One install command that may leave a download cache behind. */
interface CachingInstall {
  tool: CacheTool;
  command: ShellCommand;
  script: ShellScript;
  /** The word that names the tool (`pip3`, `/bin/uv`, `conda`). */
  toolWord: ShellWord;
  /** The subcommand (`install`, `create`, `sync`) the fix appends the flag after. */
  subWord: ShellWord | undefined;
  /** The tool's no-cache flag is on the command line. */
  flagged: boolean;
  /** The conda-like program whose `clean -afy` empties the cache, where it is not the tool word (`conda-lock install` runs conda). */
  cleaner?: string;
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

/** `pip|uv pip install`, `conda install|create`, `uv [pip] sync`, `uv add`, `conda-lock install`, `pixi install` and `poetry install` commands of a RUN. */
function cachingInstalls(stage: Stage, instr: Instruction): CachingInstall[] {
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
    const env = lockedEnvInstall(command, script);
    if (env) {
      installs.push(lockedEnvCaching(env));
    }
    const poetry = poetryInstall(command, script);
    if (poetry && !installsOnlyTheProject(stage, instr, poetry)) {
      installs.push({ tool: 'poetry', command, script, toolWord: poetry.toolWord, subWord: poetry.subWord, flagged: false });
    }
  }
  return installs;
}

/** conda-lock installs with conda (micromamba with --micromamba) into conda's package cache; pixi keeps rattler's. */
function lockedEnvCaching(env: LockedEnvInstall): CachingInstall {
  const { command, script, toolWord, subWord } = env;
  if (env.tool === 'pixi') {
    return { tool: 'pixi', command, script, toolWord, subWord, flagged: false };
  }
  const cleaner = env.options.some((o) => o.name === '--micromamba') ? 'micromamba' : 'conda';
  return { tool: 'conda', command, script, toolWord, subWord, flagged: false, cleaner };
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

/** `rm -r` targets that delete a pip, uv or pixi cache: `~/.cache/pip`, `/root/.cache/uv/*`, `~/.cache/rattler/cache`, or all of `~/.cache`. */
const cacheDirRe: Record<DownloadCacheTool, RegExp> = {
  pip: /(?:^|\/)\.cache(?:\/pip)?\/?(?:\*)?$/,
  uv: /(?:^|\/)\.cache(?:\/uv)?\/?(?:\*)?$/,
  pixi: /(?:^|\/)\.cache(?:\/rattler(?:\/cache)?)?\/?(?:\*)?$/,
  poetry: /(?:^|\/)\.cache(?:\/pypoetry(?:\/artifacts)?)?\/?(?:\*)?$/,
};

/** The tools whose cache is a folder of downloads (conda's is its pkgs/). */
type DownloadCacheTool = Exclude<CacheTool, 'conda'>;

/** `pixi clean cache` that empties the conda packages: every cache, or --conda among those it names. */
function pixiCleansCache(args: readonly ShellWord[]): boolean {
  const kinds = args.slice(2).filter((a) => a.value.startsWith('--') && a.value !== '--yes');
  return args[0]?.value === 'clean' && args[1]?.value === 'cache' && (kinds.length === 0 || kinds.some((a) => a.value === '--conda'));
}

/** `rm -r` of `dir`, a folder above it, or everything in one of them (`rm -r /tmp/pipcache`, `rm -rf /tmp/*`). */
function removesDir(target: string, dir: string): boolean {
  const removed = target.replace(/\/\*$/, '').replace(/\/+$/, '');
  return removed === dir || dir.startsWith(`${removed}/`);
}

/**
 * The cache is deleted later in the same RUN (`pip cache purge`, `uv cache clean`, `poetry cache clear`, `rm -rf ~/.cache/pip`,
 * or, where the cache was moved, `rm -r` of its folder: a scrapyd image's `--cache-dir=/tmp/pipcache … && rm -r /tmp/pipcache`).
 */
function cacheRemovedAfter(instr: Instruction, command: ShellCommand, tool: DownloadCacheTool, where: () => CacheContext): boolean {
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
        // Poetry's downloads are its artifacts/: removing them (or a folder above) is enough.
        const dir = tool === 'poetry' ? `${location.dir}/artifacts` : location.dir;
        return recursive && args.some((a) => removesDir(expandVars(a.value, (n) => values.get(n)).value, dir) || (homeCache && cacheDirRe[tool].test(a.value)));
      }
      return recursive && args.some((a) => cacheDirRe[tool].test(a.value));
    }
    if (tool === 'uv') {
      return eff.name === 'uv' && args[0]?.value === 'cache' && args[1]?.value === 'clean';
    }
    if (tool === 'pixi') {
      return eff.name === 'pixi' && pixiCleansCache(args);
    }
    if (tool === 'poetry') {
      return eff.name === 'poetry' && args.some((a) => a.value === 'cache') && args.some((a) => a.value === 'clear');
    }
    const pip = pipArgs(eff.name, args);
    return pip?.[0]?.value === 'cache' && pip[1]?.value === 'purge';
  });
}

const noCacheEnv: Record<'pip' | 'uv', string> = { pip: 'PIP_NO_CACHE_DIR', uv: 'UV_NO_CACHE' };
const cacheDirVariable: Record<DownloadCacheTool, string> = { pip: 'PIP_CACHE_DIR', uv: 'UV_CACHE_DIR', pixi: 'PIXI_CACHE_DIR', poetry: 'POETRY_CACHE_DIR' };

function cacheDisabled(install: CachingInstall, stage: Stage, instr: Instruction, where: () => CacheContext): boolean {
  const tool = install.tool;
  if (tool === 'conda') {
    return condaCleanedAfter(instr, install.command);
  }
  if (tool === 'pixi' || tool === 'poetry') {
    return cacheRemovedAfter(instr, install.command, tool, where);
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
  /** The home the cache went under by default, when it is not root's (USER appuser, ENV HOME). */
  home?: RunHome;
}

function cacheContext(model: DockerfileModel, stage: Stage, instr: Instruction, install: CachingInstall): CacheContext {
  const values = valuesAt(model, stage, instr);
  const config = pipCacheConfig(stage, instr);
  const dirs = commandCacheDirs(install.command, install.tool);
  const sources = { option: dirs.option, inline: dirs.inline, config: config.cacheDir };
  const configured = cacheLocation(values, install.tool, sources);
  // Nothing moved the cache: it goes under the home of the user the install runs as.
  const home = configured === 'default' && install.tool !== 'conda' ? cacheHome(model, stage, instr, install.command, install.script) : undefined;
  const location = home === undefined ? configured : cacheLocation(values, install.tool, { ...sources, home: home.home });
  const decidedByConfig = install.tool === 'pip' && dirs.option === undefined && dirs.inline === undefined && !values.has('PIP_CACHE_DIR');
  const wordAsCacheDir = decidedByConfig && config.cacheDir !== undefined && /^(?:false|off|no|0|none)$/i.test(config.cacheDir) ? config.cacheDir : undefined;
  return { values, config, location, wordAsCacheDir, home };
}

/** The USER a RUN runs as (the last USER before it in the stage's ancestry, its variables expanded where known), unless that is root. */
function nonRootUser(model: DockerfileModel, stage: Stage, instr: Instruction): string | undefined {
  let user = userAt(model, stage, instr);
  if (user === null) {
    // Unresolved variables: name the USER as written.
    const chain = chainInstructions(stage);
    const written = chain.slice(0, chain.indexOf(instr)).filter((i) => i.keyword === 'USER').pop();
    user = written?.words[0]?.value.split(':')[0];
  }
  return user === undefined || user === '' || user === 'root' || user === '0' ? undefined : user;
}

/** The `RUN --mount` that would keep the cache out of the layer, and the non-root USER it must belong to. */
interface SuggestedMount {
  flag: string;
  user?: string;
  /** The user is the base image's own (the Dockerfile sets no USER). */
  fromImage?: boolean;
}

/**
 * The cache mount that would keep the cache out of the layer. Under a non-root USER the cache is in that
 * user's home and the mount must belong to it (facebookresearch/detectron2: `USER appuser`, `pip install --user`).
 */
function suggestedMount(model: DockerfileModel, stage: Stage, instr: Instruction, tool: DownloadCacheTool, where: CacheContext): SuggestedMount {
  const user = nonRootUser(model, stage, instr);
  const { values, location } = where;
  // --cache-dir, PIP_CACHE_DIR, UV_CACHE_DIR or XDG_CACHE_HOME moved the cache (m-bain/whisperX: XDG_CACHE_HOME=/cache), or the user's home holds it.
  const configured = typeof location === 'object' ? location.dir : undefined;
  if (user === undefined) {
    // No USER in the Dockerfile: the base image's own user, where it is a known non-root one (TorchServe's model-server).
    const image = userAt(model, stage, instr) === undefined ? baseImageUser(rootImage(model, stage)) : undefined;
    if (image !== undefined) {
      return { flag: `RUN --mount=type=cache,target=${configured ?? `${image.home}/.cache/${cacheFolder[tool]}`},uid=${image.uid ?? `<uid of ${image.name}>`}`, user: image.name, fromImage: true };
    }
    return { flag: `RUN --mount=type=cache,target=${configured ?? `/root/.cache/${cacheFolder[tool]}`}` };
  }
  const home = values.get('HOME');
  const dir = home?.startsWith('/') && !home.includes('$') ? home.replace(/\/+$/, '') : /^\d+$/.test(user) || user.includes('$') ? '<home>' : `/home/${user}`;
  return { flag: `RUN --mount=type=cache,target=${configured ?? `${dir}/.cache/${cacheFolder[tool]}`},uid=${uidOf(model, user)}`, user };
}

/** A USER's UID: itself when numeric, else what its useradd gave it, else a placeholder. */
function uidOf(model: DockerfileModel, user: string): string {
  return /^\d+$/.test(user) ? user : (useraddUidOf(model, user) ?? `<uid of ${user}>`);
}

function cacheMount(model: DockerfileModel, stage: Stage, instr: Instruction, tool: DownloadCacheTool, where: CacheContext): string {
  const { flag, user, fromImage } = suggestedMount(model, stage, instr, tool, where);
  return user === undefined ? flag : `${flag} (USER ${user}'s cache${fromImage ? ', the user the base image runs as' : ''})`;
}

/**
 * The RUN mounts a cache, but not where this install's cache goes: a mount on /root/.cache/uv while USER appuser
 * runs it (the cache is in /home/appuser/.cache/uv), or on the default folder after UV_CACHE_DIR moved the cache.
 */
function missedMountMessage(model: DockerfileModel, stage: Stage, instr: Instruction, install: CachingInstall, where: CacheContext): ((advice: string) => string) | undefined {
  const targets = mountTargetsAt(model, stage, instr);
  const { location, home } = where;
  if (install.tool === 'conda' || targets.length === 0) {
    return undefined;
  }
  const tool = install.tool;
  // The cache goes under a home (known or not), and the RUN mounted a folder of its own for it: pointing the tool there works whatever HOME is.
  const own = home !== undefined || location === 'default' ? ownMountAdvice(model, stage, instr, tool) : undefined;
  if (own !== undefined) {
    const user = nonRootUser(model, stage, instr);
    const who = home === undefined ? (user === undefined ? '' : `run as USER ${user}, `) : home.user === undefined ? `with HOME=${home.home}, ` : `run as USER ${home.user}, `;
    const dir = typeof location === 'object' ? location.dir : `~/.cache/${cacheFolder[tool]}`;
    return (advice) => `${tool} keeps its download cache in this layer: ${who}it goes to ${dir}, which the cache mount on ${targets.join(', ')} does not cover; ${own}, or ${advice}.`;
  }
  if (typeof location !== 'object') {
    return undefined;
  }
  const { flag: mount, user } = suggestedMount(model, stage, instr, tool, where);
  const who = home === undefined ? '' : home.user === undefined ? `with HOME=${home.home}, ` : `run as USER ${home.user}, `;
  // Root can use the mount as it is; another user cannot enter /root, so its mount needs its own folder.
  const mountedDir = user === undefined ? `=${targets[0]} (the mount's folder)` : ` to a mounted folder USER ${user} can write`;
  const setDir = home === undefined ? '' : ` set ${cacheDirVariable[tool]}${mountedDir},`;
  return (advice) => `${tool} keeps its download cache in this layer: ${who}it goes to ${location.dir}, which the cache mount on ${targets.join(', ')} does not cover; use ${mount} instead,${setDir} or ${advice}.`;
}

/** `set UV_CACHE_DIR=/tmp/uv-cache …` for a cache mount the RUN made for the tool at a folder of its own (see toolCacheMount); a non-root USER also needs to own it. */
function ownMountAdvice(model: DockerfileModel, stage: Stage, instr: Instruction, tool: DownloadCacheTool): string | undefined {
  const user = nonRootUser(model, stage, instr);
  const mount = toolCacheMount(instr, tool, user !== undefined);
  if (mount === undefined) {
    return undefined;
  }
  const owner = user === undefined || mount.owned ? '' : `, and add uid=${uidOf(model, user)} to the mount (it belongs to root otherwise, so USER ${user} cannot write it)`;
  return `set ${cacheDirVariable[tool]}=${mount.target} (ENV, or before the command) to send the cache into that mount${owner}`;
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
 * conda's package cache: `<root>/pkgs` of the conda that runs, from its path (`/opt/conda/bin/conda`), the conda
 * `bin` on PATH (`ENV PATH=/root/miniconda3/bin:$PATH`; axolotl, transformers' TPU image) or the installer's prefix
 * (condaInstallPrefix), else /opt/conda/pkgs, where the conda images keep it.
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
  const installed = condaInstallPrefix(stage, instr);
  return (condaBin && fromPath(condaBin)) ?? (installed !== undefined ? `${installed}/pkgs` : '/opt/conda/pkgs');
}

/** A cache mount covers the folder the cache goes to (--cache-dir, PIP_CACHE_DIR, UV_CACHE_DIR or XDG_CACHE_HOME may have moved it). */
function mountsToolCache(model: DockerfileModel, stage: Stage, instr: Instruction, tool: CacheTool, where: () => CacheContext): boolean {
  const targets = mountTargetsAt(model, stage, instr);
  return targets.length > 0 && mountsCache(targets, tool, where().location);
}

/** How to add a cleanup: an exec-form RUN (`["pixi", "install"]`) runs no shell to append it to. */
function append(install: CachingInstall): string {
  const execArray = install.script.wrapping !== undefined && install.script.wrapping.command === undefined;
  return execArray ? 'switch this RUN to the shell form and append' : 'append';
}

/** `mount` is undefined for a Windows image: RUN --mount does not work for Windows containers. */
function report(install: CachingInstall, mount: (() => string) | undefined, wordAsCacheDir?: string, missedMount?: (advice: string) => string): RuleFinding {
  const { tool, toolWord, subWord } = install;
  const anchor = { start: toolWord.range.start, end: (subWord ?? toolWord).range.end };
  if (tool === 'conda') {
    const orMount = mount ? `, or use a cache mount on ${mount()}` : '';
    const cleaner = install.cleaner ?? toolWord.value;
    return finding(anchor, `${toolWord.value} leaves its package cache in this layer; ${append(install)} && ${cleaner} clean -afy to the same RUN${orMount}.`);
  }
  if (tool === 'pixi') {
    const advice = `${append(install)} && pixi clean cache --yes to the same RUN`;
    return finding(anchor, missedMount?.(advice) ?? `pixi leaves its package cache (rattler's, often GBs for CUDA packages) in this layer; ${advice}${mount ? `, or use ${mount()}` : ''}.`);
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
  if (missedMount !== undefined) {
    return finding(anchor, missedMount(advice), edit, tool === 'pip' ? 'DL3042' : undefined);
  }
  const orMount = mount ? `, or use ${mount()}` : '';
  return finding(anchor, `${tool} keeps its download cache in this layer (often GBs for CUDA wheels); ${advice}${orMount}.`, edit, tool === 'pip' ? 'DL3042' : undefined);
}

/**
 * Poetry keeps every wheel it installs in `<cache-dir>/artifacts`, which its --no-cache leaves in place
 * (python-poetry/poetry#3374, #6445), so the advice is to delete that folder. A mount is offered only where the
 * virtualenv is not made under the cache folder, or the mount would keep it out of the image too.
 */
function poetryFinding(install: CachingInstall, where: CacheContext, mount: (() => string) | undefined, missedMount?: (advice: string) => string): RuleFinding {
  const { toolWord, subWord } = install;
  const anchor = { start: toolWord.range.start, end: (subWord ?? toolWord).range.end };
  const { location } = where;
  const dir = typeof location === 'object' ? location.dir : location === 'default' ? '~/.cache/pypoetry' : undefined;
  const advice = `${append(install)} && rm -rf ${dir === undefined ? 'of its cache folder\'s artifacts and cache' : `${dir}/artifacts ${dir}/cache`} to the same RUN`;
  const orMount = mount ? `, or use ${mount()}` : '';
  return finding(anchor, missedMount?.(advice) ?? `poetry leaves the wheels it downloads in this layer (its cache's artifacts/, which --no-cache does not skip); ${advice}${orMount}.`);
}

/** A pip or uv finding whose fix only adds the no-cache flag, with the mount it suggests: such findings on one RUN merge. */
interface Mergeable {
  tool: 'pip' | 'uv';
  mount: string | undefined;
  found: RuleFinding;
}

/** Several installs of one tool in one RUN, each told to add the same flag: one finding, at the first, whose fix adds it to all. */
function merged(group: readonly Mergeable[]): RuleFinding {
  const [first] = group as [Mergeable];
  if (group.length === 1) {
    return first.found;
  }
  const { tool, mount } = first;
  const flag = tool === 'pip' ? '--no-cache-dir' : '--no-cache';
  const orMount = mount ? `, or use ${mount}` : '';
  return finding(
    first.found.range,
    `${tool} keeps its download cache in this layer (often GBs for CUDA wheels) in all ${group.length} ${tool} installs of this RUN; add ${flag} to each, or set ENV ${noCacheEnv[tool]}=1 once before this RUN${orMount}.`,
    { title: `Add ${flag} to the ${group.length} installs`, edits: group.flatMap((m) => m.found.fix?.edits ?? []) },
    first.found.anchorCode,
  );
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
    description: 'A pip/uv/conda/pixi/Poetry install leaves its download cache in a layer of the final image.',
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
        const mergeable = new Map<string, Mergeable[]>();
        for (const install of cachingInstalls(stage, instr)) {
          let context: CacheContext | undefined;
          const where = (): CacheContext => (context ??= cacheContext(model, stage, instr, install));
          // A cache mount keeps the cache out of the layer (trap T10; MLD305 covers the conflict).
          if (!mountsToolCache(model, stage, instr, install.tool, where) && !cacheDisabled(install, stage, instr, where)) {
            const tool = install.tool;
            const mount = tool === 'conda' ? () => condaPkgs(stage, instr, install.toolWord) : () => cacheMount(model, stage, instr, tool, where());
            const missed = windows ? undefined : missedMountMessage(model, stage, instr, install, where());
            if (tool === 'poetry') {
              const venvKept = !windows && virtualenvOutsideCache(where().values, stage, instr, install.command);
              out.push(poetryFinding(install, where(), venvKept ? mount : undefined, missed));
              continue;
            }
            const wordAsCacheDir = install.tool === 'pip' ? where().wordAsCacheDir : undefined;
            const found = report(install, windows ? undefined : mount, wordAsCacheDir, missed);
            // Only the plain "add the flag" finding merges: a --cache-dir to replace, a missed mount or pip config each need their own words.
            if ((tool === 'pip' || tool === 'uv') && found.fix && wordAsCacheDir === undefined && missed === undefined && !(tool === 'pip' && cacheDirOption(install.command))) {
              const entry = { tool, mount: windows ? undefined : mount(), found };
              const key = `${tool} ${entry.mount}`;
              mergeable.set(key, [...(mergeable.get(key) ?? []), entry]);
            } else {
              out.push(found);
            }
          }
        }
        out.push(...[...mergeable.values()].map(merged));
      }
    }
    return out;
  },
};
