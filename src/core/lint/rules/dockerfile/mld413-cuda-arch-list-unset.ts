import { apexCudaEnvOn, apexCudaFlagRe, apexCudaOption, apexProjectRe, isApex } from '../../dockerfile/apex-cuda';
import { baseProvides } from '../../dockerfile/base-env';
import type { NativeCudaArchitectures } from '../../dockerfile/native-cuda-architectures';
import { nativeCudaArchitectures } from '../../dockerfile/native-cuda-architectures';
import type { CudaVersion } from '../../dockerfile/cuda';
import { gitClone, gitCommand } from '../../dockerfile/git-commands';
import { baseCudaVersion, cudaCompilerSourceRe, isCudaBase, isJetsonBase, isOtherAcceleratorBase, isPlainOsImage, jetsonArchList } from '../../dockerfile/cuda';
import type { PythonInstall } from '../../dockerfile/installs';
import { hasOption, pythonInstalls, requirementName, runCommands } from '../../dockerfile/installs';
import type { Instruction } from '../../dockerfile/model';
import { platformStages, rootImage, valuesAt } from '../../dockerfile/scope-values';
import type { DockerfileModel, Stage } from '../../dockerfile/semantic';
import { ancestry, baseRef, chainInstructions, scopeNames } from '../../dockerfile/semantic';
import type { EffectiveCommand, ShellCommand, ShellWord } from '../../dockerfile/shell';
import { effectiveCommand } from '../../dockerfile/shell';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { deadBranchSetting } from './build-arg-guard';
import { finding, indentOf, insertLinesBefore } from './helpers';

const extensionRepoRe = /flash-attention|flash-attn|xformers|\/vllm/i;
const extensionNames = new Set(['flash-attn', 'xformers', 'vllm']);
/** Ampere, Ada and Hopper: every CUDA from 11.8 on compiles for them. */
const defaultArchList = '8.0;8.6;8.9;9.0';
/** From CUDA 12.8 on, Blackwell too (B200 10.0, RTX 50 12.0), which PyTorch's own cu128 and cu130 wheels build for. */
const blackwellArchList = '8.0;8.6;8.9;9.0;10.0;12.0';

const wheelFileRe = /\.whl$/i;

const unquote = (value: string): string => value.replace(/^["']|["']$/g, '');

/** A word of a RUN that builds CUDA extensions from source; `flashAttn` when flash-attn alone is built (it takes FLASH_ATTN_CUDA_ARCHS). */
interface SourceBuild {
  word: ShellWord;
  flashAttn?: boolean;
  /** Transformer Engine alone is built: it takes NVTE_CUDA_ARCHS. */
  transformerEngine?: boolean;
  /** The projects built compile their CUDA ops only with FORCE_CUDA=1 or a visible GPU, and neither is there: named for the message. */
  cpuOnly?: string;
  /** The projects `cpuOnly` names, one by one. */
  cpuOnlyProjects?: readonly string[];
  /** The install that builds, where a pip/uv install does. */
  install?: PythonInstall;
}

const flashAttnNames = new Set(['flash-attn', 'flash_attn']);
const isFlashAttn = (p: ShellWord): boolean => flashAttnNames.has(requirementName(p.value)) || /flash-attention/i.test(p.value);
/** Transformer Engine's build reads NVTE_CUDA_ARCHS (build_tools/utils.py `cuda_archs()`), not TORCH_CUDA_ARCH_LIST. */
const isTransformerEngine = (p: ShellWord): boolean => requirementName(p.value) === 'transformer-engine' || /\/TransformerEngine(?:\.git)?(?:[@#]|$)/i.test(p.value);

/**
 * detectron2, pytorch3d, mmcv and xformers compile their CUDA ops only when torch sees a GPU or FORCE_CUDA=1 (their
 * setup.py falls back to a CppExtension otherwise), and `docker build` has no GPU. xformers also builds them when
 * TORCH_CUDA_ARCH_LIST is set.
 */
const forceCudaProjectRe = /(?:^|[/:])(detectron2|pytorch3d|mmcv(?:-full)?|xformers)(?:\.git)?(?:[/@#]|$)/i;
const forceCudaNames = new Set(['detectron2', 'pytorch3d', 'mmcv', 'mmcv-full', 'xformers']);
const archListBuildsCuda = new Set(['xformers']);
function forceCudaProject(p: ShellWord): string | undefined {
  const name = requirementName(p.value);
  return forceCudaNames.has(name) ? name : forceCudaProjectRe.exec(p.value)?.[1]?.toLowerCase();
}

/** FORCE_CUDA for the install (inline, exported earlier in the RUN, or an ENV/ARG in scope): on, off, or not set. */
function forceCudaSetting(model: DockerfileModel, stage: Stage, instr: Instruction): 'on' | 'off' | undefined {
  const words = runCommands(instr).flatMap(({ command }) => [...command.assignments, ...command.words]);
  const inRun = words.find((w) => /^FORCE_CUDA=/.test(w.value));
  const value = inRun ? unquote(inRun.value.slice('FORCE_CUDA='.length)) : valuesAt(model, stage, instr).get('FORCE_CUDA');
  return value === undefined || value === '' ? undefined : enabled(value) ? 'on' : 'off';
}

/** A `*_FORCE_BUILD=TRUE` switch is set for the install (ENV/ARG in scope, inline, or exported earlier in the RUN). */
function forcedBuild(model: DockerfileModel, stage: Stage, instr: Instruction, name: string): boolean {
  const forced = (v: string | undefined): boolean => v !== undefined && /^true$/i.test(unquote(v));
  const inRun = runCommands(instr).some(({ command }) => [...command.assignments, ...command.words].some((w) => w.value.startsWith(`${name}=`) && forced(w.value.slice(name.length + 1))));
  return inRun || forced(valuesAt(model, stage, instr).get(name));
}

const forcesFlashAttnBuild = (model: DockerfileModel, stage: Stage, instr: Instruction): boolean => forcedBuild(model, stage, instr, 'FLASH_ATTENTION_FORCE_BUILD');

/**
 * causal-conv1d and mamba-ssm fetch their release wheel unless *_FORCE_BUILD=TRUE, and when they do compile they pass
 * their own -gencode flags, so torch ignores TORCH_CUDA_ARCH_LIST: the advice would change nothing.
 */
const prebuiltWheelProjectRe = /(?:^|[/:])(?:causal-conv1d|mamba)(?:\.git)?(?:[/@#]|$)/i;
/** ktransformers fetches its release wheel unless KTRANSFORMERS_FORCE_BUILD=TRUE (an editable install compiles). */
const ktransformersRe = /(?:^|[/:])ktransformers(?:\.git)?(?:[/@#]|$)/i;

/**
 * `pip install flash-attn --no-build-isolation` (its documented install) builds nothing: flash-attn's setup.py fetches
 * the prebuilt wheel for the torch, CUDA and Python it finds, and compiles only with FLASH_ATTENTION_FORCE_BUILD=TRUE.
 */
function fetchesFlashAttnWheel(model: DockerfileModel, stage: Stage, instr: Instruction, install: PythonInstall): boolean {
  const sources = install.packages.filter((p) => !wheelFileRe.test(p.value));
  return sources.length > 0 && sources.every((p) => flashAttnNames.has(requirementName(p.value))) && !hasOption(install, '--no-binary', '-r', '--requirement', '-e', '--editable') && !forcesFlashAttnBuild(model, stage, instr);
}

/** Build backends that compile no C or CUDA code (and hatchling's editable helper). */
const purePythonBackends = new Set(['hatchling', 'editables', 'flit-core', 'flit_core', 'pdm-backend', 'pdm-pep517', 'poetry-core', 'poetry_core']);
/** Extras that pull in packages built from source against torch (axolotl's `.[flash-attn,mamba-ssm]`). */
const cudaExtraRe = /flash[-_]?attn|flash-attention|apex|xformers|vllm|mamba[-_]ssm|causal[-_]conv1d|fused[-_]dense|deepspeed[-_]kernels/i;

/**
 * `pip install --no-build-isolation [-e] .[extras]` of a local project whose build backend was installed by hand
 * beforehand, and is a pure-Python one: the project compiles nothing (hiyouga/LLaMA-Factory installs hatchling and
 * editables, then `pip install --no-build-isolation -e ".[metrics,deepspeed]"`). Only on the reporting path.
 */
function purePythonProjectBuild(stage: Stage, instr: Instruction, install: PythonInstall): boolean {
  if (hasOption(install, '-r', '--requirement')) {
    return false;
  }
  const editable = install.options.filter((o) => (o.name === '-e' || o.name === '--editable') && o.value).map((o) => (o.value as ShellWord).value);
  const targets = [...install.packages.map((p) => p.value), ...editable];
  if (targets.length === 0 || targets.some((t) => !localPathRe.test(t.replace(/\[[^\]]*\]$/, '')) || cudaExtraRe.test(t) || extensionProjectRe.test(t) || isApex(t))) {
    return false;
  }
  for (const i of chainInstructions(stage)) {
    for (const other of pythonInstalls(i)) {
      if (other.command === install.command) {
        return false; // only backends installed before this install count
      }
      if (other.tool !== 'conda' && other.packages.some((p) => purePythonBackends.has(requirementName(p.value)))) {
        return true;
      }
    }
    if (i === instr) {
      break;
    }
  }
  return false;
}

/**
 * DeepGEMM's setup.py builds one C++ file (csrc/python_api.cpp, no `.cu`) and JIT-compiles its kernels at run time,
 * so installing it compiles no CUDA code.
 */
const jitProjectRe = /(?:^|[/:])deepgemm(?:\.git)?(?:[/@#]|$)/i;
const isJitProject = (value: string): boolean => requirementName(value) === 'deep-gemm' || jitProjectRe.test(value);
const urlRe = /^(?:git\+|[a-z][a-z0-9+.-]*:\/\/|git@)/i;

/** DeepSpeed compiles its ops at install only with a DS_BUILD_* switch on (inline, exported earlier in the RUN, or an ENV/ARG in scope). */
function deepSpeedOpsBuilt(model: DockerfileModel, stage: Stage, instr: Instruction): boolean {
  const inRun = runCommands(instr).flatMap(({ command }) => [...command.assignments, ...command.words]).filter((w) => w.value.startsWith('DS_BUILD_'));
  const scope = valuesAt(model, stage, instr);
  return inRun.some((w) => enabled(w.value.slice(w.value.indexOf('=') + 1).replace(/^["']|["']$/g, ''))) || [...scope.keys()].some((n) => n.startsWith('DS_BUILD_') && enabled(scope.get(n)));
}

/**
 * A target of `pip install --no-build-isolation` whose build compiles CUDA kernels: a local project (its sources are
 * not read; purePythonProjectBuild judges its backend), a known extension project's repository or archive, or a
 * package whose PyPI release is a source distribution that compiles them (flash-attn only when forced; DeepSpeed
 * only with DS_BUILD_*). The flag alone proves nothing: it is also how projects that compile no CUDA (DeepGEMM) or
 * only need torch to build are installed.
 */
function compilesKernels(model: DockerfileModel, stage: Stage, instr: Instruction, install: PythonInstall, target: ShellWord): boolean {
  const value = target.value;
  if (wheelFileRe.test(value) || isJitProject(value)) {
    return false;
  }
  const url = urlRe.test(value) || value.includes('://');
  const local = !url && (localPathRe.test(value.replace(/\[[^\]]*\]$/, '')) || value.includes('/'));
  const project = url ? value : local ? localProjectDir(stage, instr, install, value) : undefined;
  if (project !== undefined && isApex(project)) {
    return apexCudaOption(install) !== undefined || apexCudaEnvOn(model, stage, instr);
  }
  if (project !== undefined && prebuiltWheelProjectRe.test(project)) {
    return false;
  }
  if (project !== undefined && ktransformersRe.test(project) && !hasOption(install, '-e', '--editable')) {
    return forcedBuild(model, stage, instr, 'KTRANSFORMERS_FORCE_BUILD');
  }
  if (url) {
    return extensionRepoRe.test(value) || extensionProjectRe.test(value) || forceCudaProjectRe.test(value) || isTransformerEngine(target);
  }
  if (local) {
    return true;
  }
  if (isFlashAttn(target)) {
    return hasOption(install, '--no-binary') || forcesFlashAttnBuild(model, stage, instr);
  }
  const name = requirementName(value);
  // xformers ships wheels on the index; the others named here are built from their source release.
  return (forceCudaNames.has(name) && name !== 'xformers') || isTransformerEngine(target) || (name === 'deepspeed' && deepSpeedOpsBuilt(model, stage, instr));
}

/** What the install builds: its package words and `-e` values (a requirements file is not read, so it counts for nothing). */
function buildTargets(install: PythonInstall): ShellWord[] {
  const editable = install.options.filter((o) => (o.name === '-e' || o.name === '--editable') && o.value).map((o) => o.value as ShellWord);
  return [...install.packages, ...editable];
}

/**
 * A build of detectron2-style projects: undefined with FORCE_CUDA off (a CPU build on purpose), a CUDA build with it
 * on, else `cpuOnly` names them (xformers only where no TORCH_CUDA_ARCH_LIST turns its CUDA build on).
 */
function forceCudaBuild(model: DockerfileModel, stage: Stage, instr: Instruction, word: ShellWord, install: PythonInstall, sources: readonly ShellWord[]): SourceBuild | undefined {
  const force = forceCudaSetting(model, stage, instr);
  if (force === 'off') {
    return undefined;
  }
  if (force === 'on') {
    return { word, install };
  }
  const names = [...new Set(sources.map(forceCudaProject).filter((n): n is string => n !== undefined))];
  return { word, install, cpuOnly: names.join(' and '), cpuOnlyProjects: names };
}

/** The word that shows this RUN builds CUDA extensions from source, if any. */
function sourceBuild(model: DockerfileModel, instr: Instruction, stage: Stage): SourceBuild | undefined {
  for (const install of pythonInstalls(instr)) {
    if (install.tool === 'conda') {
      continue;
    }
    const noIso = install.options.find((o) => o.name === '--no-build-isolation');
    const buildsKernels = noIso !== undefined && buildTargets(install).some((t) => compilesKernels(model, stage, instr, install, t));
    if (noIso && buildsKernels && !fetchesFlashAttnWheel(model, stage, instr, install) && !purePythonProjectBuild(stage, instr, install)) {
      const sources = install.packages.filter((p) => !wheelFileRe.test(p.value));
      const only = (test: (p: ShellWord) => unknown): boolean => sources.length > 0 && sources.every(test) && !hasOption(install, '-r', '--requirement', '-e', '--editable');
      const build = only(forceCudaProject) ? forceCudaBuild(model, stage, instr, noIso.word, install, sources) : { word: noIso.word, install };
      if (build === undefined) {
        continue;
      }
      return { ...build, flashAttn: only(isFlashAttn), transformerEngine: only(isTransformerEngine) };
    }
    const cudaExt = apexCudaOption(install);
    if (cudaExt) {
      return { word: cudaExt, install };
    }
    const git = install.packages.find((p) => /^git\+/.test(p.value) && (extensionRepoRe.test(p.value) || (isApex(p.value) && apexCudaEnvOn(model, stage, instr))));
    if (git) {
      return forceCudaProject(git) ? forceCudaBuild(model, stage, instr, git, install, [git]) : { word: git, flashAttn: isFlashAttn(git), install };
    }
    if (hasOption(install, '--no-binary')) {
      const named = install.packages.find((p) => extensionNames.has(requirementName(p.value)));
      if (named) {
        return forceCudaProject(named) ? forceCudaBuild(model, stage, instr, named, install, [named]) : { word: named, flashAttn: isFlashAttn(named), install };
      }
    }
  }
  const base = baseRef(stage);
  const word = base && isCudaBase(base.ref) ? extensionSetupPy(model, instr, stage) : undefined;
  return word ? { word } : undefined;
}

/**
 * Projects whose setup.py compiles CUDA kernels (DeepSpeed only with DS_BUILD_*, so it goes by env; apex only with a
 * CUDA switch; detectron2-style ones only with FORCE_CUDA, so a setup.py in theirs goes by env too).
 */
const extensionProjectRe = /(?:^|[/:])(?:flash-attention|flash-attn|xformers|vllm|ktransformers|detectron2|pytorch3d|mmcv(?:-full)?)(?:\.git)?(?:[/@#]|$)/i;
/** Projects whose `python setup.py` compiles CUDA kernels with no switch on. */
const unconditionalSetupPyRe = /(?:^|[/:])(?:flash-attention|flash-attn|vllm|ktransformers)(?:\.git)?(?:[/@#]|$)/i;
/** Build switches that make a setup.py compile its CUDA extensions (`FORCE_CUDA=1`, `DS_BUILD_OPS=1`, …; apex's go by apexCudaEnvOn). */
const cudaBuildEnvRe = /^(?:FORCE_CUDA|DS_BUILD_[A-Z0-9_]+|MMCV_WITH_OPS|BUILD_CUDA_EXT)$/;

function enabled(value: string | undefined): boolean {
  return value !== undefined && value !== '' && !/^(?:0|false|no|off)$/i.test(value);
}

/** `cd` applied to a directory (`..` and `.` resolved lexically). */
function changeDir(cwd: string, target: string): string {
  const parts = target.startsWith('/') ? [] : cwd.split('/').filter((p) => p !== '');
  for (const part of target.split('/')) {
    if (part === '..') {
      parts.pop();
    } else if (part !== '' && part !== '.') {
      parts.push(part);
    }
  }
  return `/${parts.join('/')}`;
}

/** The last WORKDIR of the stage's ancestry before `instr` (relative ones joined), or `/`. */
function workdirBefore(stage: Stage, instr: Instruction): string {
  let cwd = '/';
  for (const i of chainInstructions(stage)) {
    if (i === instr) {
      break;
    }
    if (i.keyword === 'WORKDIR' && i.words[0]) {
      cwd = changeDir(cwd, i.words[0].value);
    }
  }
  return cwd;
}

/** `git [-C dir] clone URL [dir]` run in `cwd`: the repository and the directory the clone creates. */
function clonedInto(eff: EffectiveCommand, cwd: string): { url: string; dir: string } | undefined {
  const git = gitCommand(eff);
  const clone = git ? gitClone(git) : undefined;
  return git && clone ? { url: clone.url.value, dir: changeDir(git.dirs.reduce(changeDir, cwd), clone.dir) } : undefined;
}

/** A known CUDA-extension project is the directory setup.py runs in (by path, or by the repository cloned there). */
function knownProjectDir(cwd: string, clones: readonly { url: string; dir: string }[], projectRe: RegExp = extensionProjectRe): boolean {
  if (projectRe.test(cwd)) {
    return true;
  }
  return clones.some((c) => projectRe.test(c.url) && (cwd === c.dir || cwd.startsWith(`${c.dir}/`)));
}

/** Projects that compile CUDA kernels from source whatever the build machine has (the others need FORCE_CUDA or a GPU). */
const alwaysCudaProjectRe = /(?:^|[/:])vllm(?:\.git)?(?:\/|$)/i;

const localPathRe = /^(?:\.{1,2}(?:\/|$)|\/)/;

/** The local directories each pip/uv install of the RUN builds: `.`, `./dir`, `/abs`, and any `-e` value that is not a URL. */
function localInstallTargets(instr: Instruction): Map<ShellCommand, ShellWord[]> {
  const targets = new Map<ShellCommand, ShellWord[]>();
  for (const install of pythonInstalls(instr)) {
    if (install.tool === 'conda') {
      continue;
    }
    const editable = install.options.filter((o) => (o.name === '-e' || o.name === '--editable') && o.value && !/^[a-z+]+:/i.test(o.value.value)).map((o) => o.value as ShellWord);
    const words = [...install.packages.filter((p) => localPathRe.test(p.value)), ...editable];
    if (words.length > 0) {
      targets.set(install.command, words);
    }
  }
  return targets;
}

/** The directory (or the repository cloned there) a local target of the install names, read up to that install. */
function localProjectDir(stage: Stage, instr: Instruction, install: PythonInstall, target: string): string {
  let cwd = workdirBefore(stage, instr);
  const clones: { url: string; dir: string }[] = [];
  for (const { command } of runCommands(instr)) {
    if (command === install.command) {
      break;
    }
    const eff = effectiveCommand(command);
    if (eff?.name === 'cd' && eff.args[0]) {
      cwd = changeDir(cwd, eff.args[0].value);
    }
    const clone = eff ? clonedInto(eff, cwd) : undefined;
    if (clone) {
      clones.push(clone);
    }
  }
  const dir = changeDir(cwd, target.replace(/\[[^\]]*\]$/, ''));
  const cloned = clones.find((c) => dir === c.dir || dir.startsWith(`${c.dir}/`));
  return cloned ? `${cloned.url}${dir.slice(cloned.dir.length)}` : dir;
}

/**
 * `python setup.py install|develop|build_ext|bdist_wheel` that compiles CUDA extensions: apex's
 * `--cuda_ext`, a CUDA build switch in the environment, or a known extension project's directory.
 * A plain setup.py (transformers, onnx-graphsurgeon, bitsandbytes after its own `make`) does not count.
 * So does `pip install [-e] .` of a known extension project's directory (`git clone …/vllm && cd vllm && pip install -e .`).
 */
function extensionSetupPy(model: DockerfileModel, instr: Instruction, stage: Stage): ShellWord | undefined {
  const commands = runCommands(instr);
  const local = localInstallTargets(instr);
  if (local.size === 0 && !commands.some(({ command }) => setupPyBuild(command))) {
    return undefined; // the usual case: no WORKDIR/ENV walk for a RUN without setup.py
  }
  let cwd = workdirBefore(stage, instr);
  const clones: { url: string; dir: string }[] = [];
  let values: ReadonlyMap<string, string | undefined> | undefined;
  for (const { command } of commands) {
    const eff = effectiveCommand(command);
    if (!eff) {
      continue;
    }
    if (eff.name === 'cd' && eff.args[0]) {
      cwd = changeDir(cwd, eff.args[0].value);
      continue;
    }
    const clone = clonedInto(eff, cwd);
    if (clone) {
      clones.push(clone);
      continue;
    }
    const dirs = local.get(command);
    const project = dirs?.find((d) => knownProjectDir(changeDir(cwd, d.value), clones) || knownProjectDir(changeDir(cwd, d.value), clones, apexProjectRe));
    if (project && knownProjectDir(changeDir(cwd, project.value), clones, alwaysCudaProjectRe)) {
      return project;
    }
    if (!project && !setupPyBuild(command)) {
      continue;
    }
    if (!project && (eff.args.some((a) => apexCudaFlagRe.test(a.value)) || knownProjectDir(cwd, clones, unconditionalSetupPyRe))) {
      return eff.args[0];
    }
    values ??= valuesAt(model, stage, instr);
    const scope = values;
    const inline = new Map(command.assignments.map((a) => [a.value.slice(0, a.value.indexOf('=')), a.value.slice(a.value.indexOf('=') + 1)]));
    const env = (name: string): string | undefined => (inline.has(name) ? inline.get(name) : scope.get(name));
    if ([...inline.keys(), ...scope.keys()].some((n) => cudaBuildEnvRe.test(n) && enabled(env(n))) || apexCudaEnvOn(model, stage, instr)) {
      return project ?? eff.args[0];
    }
  }
  return undefined;
}

function setupPyBuild(command: ShellCommand): boolean {
  const eff = effectiveCommand(command);
  return eff !== undefined && /^python[0-9.]*$/.test(eff.name) && eff.args[0]?.value === 'setup.py' && /^(?:install|build_ext|develop|bdist_wheel)$/.test(eff.args[1]?.value ?? '');
}

/**
 * The step builds for something other than CUDA: the stage starts from a ROCm, Neuron, Gaudi, Intel or
 * Ascend image, or sets vLLM's VLLM_TARGET_DEVICE to another device (vllm-project/vllm's Dockerfile.neuron,
 * .xpu and .ppc64le run `pip install --no-build-isolation .` with neuron, xpu and cpu).
 */
function buildsForOtherTarget(model: DockerfileModel, stage: Stage, instr: Instruction): boolean {
  const root = rootImage(model, stage);
  if (root && isOtherAcceleratorBase(root)) {
    return true;
  }
  const inline = runCommands(instr).flatMap(({ command }) => command.assignments.filter((a) => a.value.startsWith('VLLM_TARGET_DEVICE=')));
  const device = inline.length > 0 ? inline[0]?.value.slice('VLLM_TARGET_DEVICE='.length) : valuesAt(model, stage, instr).get('VLLM_TARGET_DEVICE');
  return device !== undefined && device !== '' && !device.includes('$') && device.toLowerCase() !== 'cuda';
}

/** Instructions of the stages a `FROM base-${TARGETARCH}` at the root of the chain may name (all of them, and theirs). */
function platformChainInstructions(model: DockerfileModel, stage: Stage): Instruction[] {
  const root = ancestry(stage).pop() as Stage;
  return (platformStages(model, root) ?? []).flatMap((c) => [...platformChainInstructions(model, c), ...chainInstructions(c)]);
}

/**
 * Nothing in the stage can compile CUDA: it starts from a plain OS or language image (vllm-project/vllm's
 * Dockerfile.cpu on ubuntu) and no instruction up to `instr` installs or copies in a CUDA compiler.
 */
function withoutCudaCompiler(model: DockerfileModel, stage: Stage, instr: Instruction): boolean {
  const root = rootImage(model, stage);
  if (!root || !isPlainOsImage(root)) {
    return false;
  }
  for (const i of [...platformChainInstructions(model, stage), ...chainInstructions(stage)]) {
    if (cudaCompilerSourceRe.test(i.args.text) || i.heredocs.some((h) => cudaCompilerSourceRe.test(h.body.text))) {
      return false;
    }
    if (i === instr) {
      break;
    }
  }
  return true;
}

/** flash-attn builds one kernel set per major architecture (sm_80 serves 8.6 and 8.9): `8.0;8.6;9.0` → `80;90`. */
function flashAttnArchs(archList: string): string {
  return [...new Set(archList.split(/[;\s]+/).map((a) => /^(\d+)/.exec(a)?.[1]).filter((m): m is string => m !== undefined).map((m) => `${m}0`))].join(';');
}

function archListInRun(instr: Instruction, name: string): boolean {
  return runCommands(instr).some(({ command }) =>
    [...command.assignments, ...command.words].some((w) => w.value.startsWith(`${name}=`) || w.value.startsWith(`export ${name}=`) || (w.value === name && command.words[0]?.value === 'export')),
  );
}

const ggmlCudaOnRe = /^-DGGML_CUDA(?::BOOL)?=(?:on|1|true|yes)$/i;
const ggmlArchFlagRe = /^-D(?:CMAKE_CUDA_ARCHITECTURES(?::\w+)?=|GGML_NATIVE(?::BOOL)?=(?:off|0|false|no|.*\$))/i;

/**
 * `cmake -DGGML_CUDA=ON` (llama.cpp, whisper.cpp; and the last word, where flags added last win) with neither CMAKE_CUDA_ARCHITECTURES nor GGML_NATIVE=OFF: ggml then
 * asks for `native`, which targets only the build machine's GPU and fails on a builder without one (ggml-org/llama.cpp
 * #18426: Docker builds need GGML_NATIVE off). A bare `$VAR` word may carry those flags (`${CMAKE_ARGS}`), so it counts as set.
 */
function ggmlCudaWithoutArchitectures(instr: Instruction): { on: ShellWord; last: ShellWord } | undefined {
  for (const { command } of runCommands(instr)) {
    const eff = effectiveCommand(command);
    if (eff?.name !== 'cmake') {
      continue;
    }
    const on = eff.args.find((a) => ggmlCudaOnRe.test(a.value));
    if (on && !eff.args.some((a) => ggmlArchFlagRe.test(a.value) || a.value.startsWith('$'))) {
      return { on, last: eff.args[eff.args.length - 1] as ShellWord };
    }
  }
  return undefined;
}

/** CMake's form of an arch list: `8.0;8.6;9.0` → `80;86;90`. */
function cmakeArchs(archList: string): string {
  return archList
    .split(/[;\s]+/)
    .map((a) => a.replace(/\+PTX$/i, '').replace('.', ''))
    .filter((a) => /^\d+$/.test(a))
    .join(';');
}

/** The list suggested for a base's CUDA: undefined when the CUDA is older than 11.8, which cannot compile 8.9 and 9.0. */
function archListFor(cuda: CudaVersion | undefined): string | undefined {
  if (cuda === undefined) {
    return defaultArchList;
  }
  const minor = cuda.minor ?? (cuda.major === 12 ? 0 : undefined);
  if (cuda.major > 12 || (cuda.major === 12 && minor !== undefined && minor >= 8)) {
    return blackwellArchList;
  }
  return cuda.major === 12 || (cuda.major === 11 && minor !== undefined && minor >= 8) ? defaultArchList : undefined;
}

/**
 * The architectures to suggest for a stage: the configured list, else on a Jetson (L4T) base the modules of its L4T
 * release (Orin is 8.7, which the x86 default list leaves out), else the list for the base's CUDA version (undefined
 * when it predates the default list). `jetson` tells the message to say so; `cuda` names a CUDA too old for the list.
 */
function suggestedArchs(model: DockerfileModel, stage: Stage, configured: string | undefined): { list?: string; jetson: boolean; cuda?: string } {
  if (configured !== undefined) {
    return { list: configured, jetson: false };
  }
  const root = rootImage(model, stage);
  const jetson = root && isJetsonBase(root) ? jetsonArchList(root) : undefined;
  if (jetson) {
    return { list: jetson, jetson: true };
  }
  const cuda = root ? baseCudaVersion(root) : undefined;
  const list = archListFor(cuda);
  return list === undefined ? { jetson: false, cuda: cuda?.text } : { list, jetson: false };
}

const deployNote = (jetson: boolean): string => (jetson ? 'the Jetson modules you deploy on: Orin 8.7, Xavier 7.2, Nano 5.3' : 'the architectures you deploy on');
/** No suggested list (and so no fix) where the base's CUDA cannot compile for all of the default one. */
const tooOldNote = (cuda: string | undefined): string => `the architectures you deploy on (the base's CUDA ${cuda ?? ''} predates 8.9 and 9.0, so no list is suggested)`;

/** Builders whose fallback, with no TORCH_CUDA_ARCH_LIST and no GPU (as in docker build), is known and named in the message. */
type KnownBuilder = 'deepspeed' | 'apex' | 'vllm';

const deepSpeedProjectRe = /(?:^|[/:])deepspeed(?:\.git)?(?:[/@#]|$)/i;
const vllmProjectRe = /(?:^|[/:])vllm(?:\.git)?(?:[/@#]|$)/i;

/** The one known builder the RUN names (DeepSpeed only with its ops switched on), or undefined for none or several. Reporting path only. */
function knownBuilder(model: DockerfileModel, stage: Stage, instr: Instruction, build: SourceBuild): KnownBuilder | undefined {
  const values = runCommands(instr).flatMap(({ command }) => command.words.map((w) => w.value));
  const names = (re: RegExp, name: string): boolean => values.some((v) => re.test(v) || requirementName(v) === name);
  const found: KnownBuilder[] = [];
  if (apexCudaFlagRe.test(build.word.value) || values.some(isApex)) {
    found.push('apex');
  }
  if (names(deepSpeedProjectRe, 'deepspeed') && deepSpeedOpsBuilt(model, stage, instr)) {
    found.push('deepspeed');
  }
  if (names(vllmProjectRe, 'vllm')) {
    found.push('vllm');
  }
  return found.length === 1 ? found[0] : undefined;
}

/**
 * Why a build without TORCH_CUDA_ARCH_LIST is a problem, by builder: docker build shows no GPU, so each falls back to
 * its own choice. DeepSpeed (op_builder/builder.py get_default_compute_capabilities) and apex (setup.py, when torch
 * sees no GPU) take a fixed list that may leave out the GPUs it is deployed on; vLLM's CMake takes torch's list of
 * common architectures; torch's own extension builder reads the visible GPUs, finds none and fails (IndexError in
 * _get_cuda_arch_flags) unless the project passes its own -gencode flags.
 */
function withoutArchList(run: string, builder: KnownBuilder | undefined): string {
  switch (builder) {
    case 'deepspeed':
      return `${run} builds DeepSpeed's ops without TORCH_CUDA_ARCH_LIST, so they get DeepSpeed's fixed default list (6.0;6.1;7.0, plus 8.0;8.6;9.0 from CUDA 11.8 and 10.0;12.0 from 12.8), which may leave out the GPUs you deploy on`;
    case 'apex':
      return `${run} builds apex's CUDA extensions without TORCH_CUDA_ARCH_LIST; docker build shows no GPU, so apex's setup.py falls back to its fixed list (6.0 to 9.0 from CUDA 11.8), which may leave out the GPUs you deploy on`;
    case 'vllm':
      return `${run} builds vLLM's CUDA kernels without TORCH_CUDA_ARCH_LIST; docker build shows no GPU, so its CMake build compiles for every architecture it supports (torch's list of common ones): slow, with large binaries`;
    default:
      return `${run} builds CUDA extensions from source without TORCH_CUDA_ARCH_LIST; docker build shows no GPU, so the kernels target only the project's own fallback list, which may leave out the GPUs you deploy on, and where the project has none, torch's extension builder fails with an IndexError`;
  }
}

/**
 * detectron2-style projects built with neither FORCE_CUDA nor a GPU: the build compiles their CPU ops only, so the
 * first CUDA op fails at run time. The fix turns FORCE_CUDA on, with the arch list too unless one is set already.
 */
function cpuOnlyFinding(model: DockerfileModel, instr: Instruction, word: ShellWord, builds: string, archs: { list?: string; jetson: boolean; cuda?: string } | undefined): RuleFinding {
  const why = `${builds} without FORCE_CUDA=1: docker build sees no GPU, so its setup.py compiles the CPU ops only and the CUDA ops fail at run time`;
  if (archs === undefined) {
    return finding(word.range, `${why}; set ENV FORCE_CUDA=1 before it.`, { title: 'Add ENV FORCE_CUDA=1', edits: [insertLinesBefore(instr, `${indentOf(instr, model.parsed.lines)}ENV FORCE_CUDA=1`)] });
  }
  if (archs.list === undefined) {
    return finding(word.range, `${why}; set ENV FORCE_CUDA=1 and TORCH_CUDA_ARCH_LIST set to ${tooOldNote(archs.cuda)} before it.`);
  }
  const env = `ENV FORCE_CUDA=1 TORCH_CUDA_ARCH_LIST="${archs.list}"`;
  return finding(word.range, `${why}; set ${env} (${deployNote(archs.jetson)}) before it.`, {
    title: `Add ${env}`,
    edits: [insertLinesBefore(instr, `${indentOf(instr, model.parsed.lines)}${env}`)],
  });
}

/**
 * CMake's `native` compiles for the GPUs the configure step sees, and docker build shows none, so the configure fails
 * (colmap/colmap#2807: "CUDA_ARCHITECTURES is set to "native", but no GPU was detected"). The fix names a list.
 */
function nativeFinding(native: NativeCudaArchitectures, archs: { list?: string; jetson: boolean; cuda?: string }): RuleFinding {
  const from = native.from.length > 0 ? ` (from ${native.from.join(' and ')})` : '';
  const why = `This cmake builds CUDA for the "native" architectures${from}, those of the GPUs it sees; docker build shows none, so the configure fails ("no GPU was detected")`;
  const target = native.from.length > 0 ? `set ${native.from.join(' and ')} to` : 'set -DCMAKE_CUDA_ARCHITECTURES to';
  if (archs.list === undefined) {
    return finding(native.word.range, `${why}; ${target} ${tooOldNote(archs.cuda)} instead.`);
  }
  const list = `"${cmakeArchs(archs.list)}"`;
  const advice = `${why}; ${target} ${list} (${deployNote(archs.jetson)}) instead.`;
  if (!native.literal) {
    return finding(native.word.range, advice);
  }
  const flag = `${native.word.value.slice(0, native.word.value.indexOf('=') + 1)}${list}`;
  return finding(native.word.range, advice, { title: `Write ${flag}`, edits: [{ range: native.word.range, newText: flag }] });
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD413',
    name: 'cuda-arch-list-unset',
    family: 'ml',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description:
      'CUDA extensions are built from source with no TORCH_CUDA_ARCH_LIST in scope; docker build shows no GPU, so the build falls back to a fixed default list that may leave out the GPUs deployed on (DeepSpeed, apex), to every supported architecture (vLLM\'s CMake), or to none, which fails (torch\'s extension builder). Flash-attn takes FLASH_ATTN_CUDA_ARCHS, Transformer Engine NVTE_CUDA_ARCHS, ggml builds CMAKE_CUDA_ARCHITECTURES, and a cmake configure given CMAKE_CUDA_ARCHITECTURES (or CUDAARCHS) "native" fails without a GPU. detectron2, pytorch3d, mmcv and xformers also need FORCE_CUDA=1, or they build CPU ops only (xformers also builds with TORCH_CUDA_ARCH_LIST); apex counts only with --cuda_ext, a contrib switch or APEX_*=1; plain OS images without a CUDA compiler are left alone.',
  },
  check(ctx) {
    const { model } = ctx;
    const out: RuleFinding[] = [];
    if (model.nonPosixShell) {
      return out;
    }
    const option = ctx.settings.ruleOptions.MLD413?.archList;
    const configured = typeof option === 'string' && option !== '' ? option : undefined;
    for (const stage of model.stages) {
      if (stage.nonPosixShell) {
        continue;
      }
      for (const instr of stage.instructions) {
        const ggml = ggmlCudaWithoutArchitectures(instr);
        if (ggml && !withoutCudaCompiler(model, stage, instr)) {
          const archs = suggestedArchs(model, stage, configured);
          const why = `This cmake enables ggml's CUDA backend with GGML_NATIVE on (its default), so it compiles only for the build machine's GPU ("native") and fails on a builder without one`;
          if (archs.list === undefined) {
            out.push(finding(ggml.on.range, `${why}; add -DGGML_NATIVE=OFF -DCMAKE_CUDA_ARCHITECTURES set to ${tooOldNote(archs.cuda)}.`));
          } else {
            const flags = `-DGGML_NATIVE=OFF -DCMAKE_CUDA_ARCHITECTURES="${cmakeArchs(archs.list)}"`;
            out.push(
              finding(ggml.on.range, `${why}; add ${flags} (${deployNote(archs.jetson)}).`, {
                title: `Add ${flags}`,
                edits: [{ range: { start: ggml.last.range.end, end: ggml.last.range.end }, newText: ` ${flags}` }],
              }),
            );
          }
        }
        const native = nativeCudaArchitectures(model, stage, instr);
        if (native && !withoutCudaCompiler(model, stage, instr)) {
          out.push(nativeFinding(native, suggestedArchs(model, stage, configured)));
        }
        const build = sourceBuild(model, instr, stage);
        // flash-attn and Transformer Engine pass their own -gencode flags, so torch's TORCH_CUDA_ARCH_LIST does not reach them.
        const name = build?.flashAttn ? 'FLASH_ATTN_CUDA_ARCHS' : build?.transformerEngine ? 'NVTE_CUDA_ARCHS' : 'TORCH_CUDA_ARCH_LIST';
        const archListSet = (): boolean => scopeNames(stage, instr).has(name) || archListInRun(instr, name) || baseProvides(rootImage(model, stage), name);
        // NGC PyTorch images set TORCH_CUDA_ARCH_LIST themselves (huggingface/transformers' DeepSpeed image builds apex on one).
        if (!build || (!build.cpuOnly && archListSet()) || buildsForOtherTarget(model, stage, instr) || withoutCudaCompiler(model, stage, instr)) {
          continue;
        }
        const archs = suggestedArchs(model, stage, configured);
        // A build in a branch the ARG defaults skip still runs when the build passes the setting: say which.
        const setting = build.install && deadBranchSetting(build.install.script, build.install.command, valuesAt(model, stage, instr));
        const run = setting !== undefined ? `When ${setting}, this RUN` : 'This RUN';
        if (build.cpuOnly) {
          // xformers builds its CUDA ops when TORCH_CUDA_ARCH_LIST is set, so only the others are left CPU-only.
          const cpuOnly = archListSet() ? (build.cpuOnlyProjects ?? []).filter((p) => !archListBuildsCuda.has(p)) : build.cpuOnlyProjects;
          if (cpuOnly?.length === 0) {
            continue;
          }
          out.push(cpuOnlyFinding(model, instr, build.word, `${run} builds ${cpuOnly?.join(' and ') ?? build.cpuOnly}`, archListSet() ? undefined : archs));
          continue;
        }
        const why = build.flashAttn
          ? `${run} builds flash-attn from source without FLASH_ATTN_CUDA_ARCHS (flash-attn ignores TORCH_CUDA_ARCH_LIST), so it compiles for all of its default architectures, 80;90;100;120 in recent releases`
          : build.transformerEngine
            ? `${run} builds Transformer Engine from source without NVTE_CUDA_ARCHS (it ignores TORCH_CUDA_ARCH_LIST), so it compiles for all of its default architectures, 70;80;89;90 plus 100;120 from CUDA 12.8`
            : withoutArchList(run, knownBuilder(model, stage, instr, build));
        // flash-attn and Transformer Engine compile their whole default list: the cost is the build's time and size.
        const cost = build.flashAttn || build.transformerEngine ? ' (slow, large binaries)' : '';
        if (archs.list === undefined) {
          out.push(finding(build.word.range, `${why}${cost}; set ENV ${name} before it to ${tooOldNote(archs.cuda)}.`));
          continue;
        }
        const value = build.flashAttn ? flashAttnArchs(archs.list) : build.transformerEngine ? cmakeArchs(archs.list) : archs.list;
        out.push(
          finding(build.word.range, `${why}${cost}; set ENV ${name}="${value}" (${deployNote(archs.jetson)}) before it.`, {
            title: `Add ENV ${name}="${value}"`,
            edits: [insertLinesBefore(instr, `${indentOf(instr, model.parsed.lines)}ENV ${name}="${value}"`)],
          }),
        );
      }
    }
    return out;
  },
};
