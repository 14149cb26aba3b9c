import { buildsApexWithCuda } from './apex-cuda';
import { pythonInstalls, requirementName, runCommands } from './installs';
import { buildsGgmlWithCuda } from './ggml-cuda-build';
import { memoOn, memoSlot } from './memo';
import type { Instruction } from './model';
import { valuesAt } from './scope-values';
import type { DockerfileModel, Stage } from './semantic';
import type { ShellCommand, ShellScript, ShellWord } from './shell';
import { ancestry, finalChain, runScripts } from './semantic';

/**
 * Signs that a stage compiles CUDA code, in its script text: nvcc named as a program or path (not the `cuda-nvcc`
 * package), a torch extension build, a source build pip is told to run, DeepSpeed's ops built ahead.
 */
const compilesCudaRe = /(?<![\w-])nvcc(?![\w-])|CUDAExtension|cpp_extension|\bbuild_ext\b|--no-build-isolation|\bDS_BUILD_[A-Z_]+=1|\bsetup\.py\s+(?:install|develop|bdist_wheel)/;

/** Build programs a command runs (`cmake ..`, `ninja -C build`, `nvcc -o k k.cu`), past `sudo` and `env`. */
const buildPrograms = new Set(['cmake', 'ninja', 'nvcc']);
const commandPrefixes = new Set(['sudo', 'env']);

/** Build tools named anywhere (`apt-get install cmake ninja-build`, `pip install ninja`): the stage may compile, at build time or when it runs. */
const buildToolRe = /\bcmake\b|\bninja\b/;
const buildToolHintRe = /cmake|ninja/;

/**
 * Packages that compile CUDA kernels when they run, with nvcc from the image: DeepSpeed's op builder,
 * exllamav2's JIT build (theroyallab/tabbyAPI installs it on a devel image) and FlashInfer's JIT.
 */
const runtimeJitPackages = new Set(['deepspeed', 'exllamav2', 'flashinfer', 'flashinfer-python']);

/** The package, or an extra it is installed with (`accelerate[testing,deepspeed]`), is one of runtimeJitPackages. */
function isRuntimeJit(spec: string): boolean {
  if (runtimeJitPackages.has(requirementName(spec))) {
    return true;
  }
  const extras = /\[([^\]]+)\]/.exec(spec)?.[1];
  return extras !== undefined && extras.split(',').some((e) => runtimeJitPackages.has(e.trim().toLowerCase()));
}

function installsRuntimeJit(stages: readonly Stage[]): boolean {
  return stages.some((s) => s.instructions.some((i) => pythonInstalls(i).some((p) => p.packages.some((w) => isRuntimeJit(w.value)))));
}

/** The earlier stages whose files `COPY --from` brings into these (a conda env or virtualenv built in a plain stage). */
function copiedFrom(model: DockerfileModel, stages: readonly Stage[]): Stage[] {
  const out: Stage[] = [];
  for (const s of stages) {
    for (const instr of s.instructions) {
      const from = instr.keyword === 'COPY' ? instr.flags.find((f) => f.name === 'from')?.value?.toLowerCase() : undefined;
      const source = from === undefined ? undefined : /^\d+$/.test(from) ? model.stages[Number(from)] : model.stages.find((t) => t.name?.toLowerCase() === from);
      if (source && source.index < s.index && !stages.includes(source) && !out.includes(source)) {
        out.push(...ancestry(source).filter((t) => !out.includes(t)));
      }
    }
  }
  return out;
}

/** The first word that is no prefix (`sudo`, `env`), option or assignment names a build program. */
function runsBuildProgram(words: readonly ShellWord[]): boolean {
  for (const { value } of words) {
    if (!commandPrefixes.has(value) && !value.startsWith('-') && !value.includes('=')) {
      return buildPrograms.has(value.slice(value.lastIndexOf('/') + 1));
    }
  }
  return false;
}

/** Text every match of compilesCudaRe holds, none of it across a blank: a command's words can match only if one holds it. */
const compilesCudaHintRe = /nvcc|CUDAExtension|cpp_extension|build_ext|--no-build-isolation|DS_BUILD_|setup\.py/;
/** What the shell drops from a word (quotes, escapes): in a script without them, each word's value is text of the script. */
const quotingRe = /['"\\]/;

/** The words of the script's commands may match compilesCudaRe: its text holds a hint, or quoting that may hide one. */
function wordsMayCompileCuda(script: ShellScript): boolean {
  const text = script.text.text;
  return quotingRe.test(text) || compilesCudaHintRe.test(text);
}

/** The command's assignments and words, joined by blanks. */
function assignmentsAndWords(command: ShellCommand): string {
  let joined: string | undefined;
  for (const list of [command.assignments, command.words]) {
    for (const w of list) {
      joined = joined === undefined ? w.value : `${joined} ${w.value}`;
    }
  }
  return joined ?? '';
}

/** The script text, and each command as its words read (an exec-form RUN's array, the script of `["bash", "-c", "…"]`). */
function compilesCuda(instr: Instruction): boolean {
  if (runScripts(instr).some((sc) => compilesCudaRe.test(sc.text.text))) {
    return true;
  }
  // Whether a script's words may match is asked once per script: a RUN's commands come script by script.
  let script: ShellScript | undefined;
  let mayMatch = false;
  for (const c of runCommands(instr)) {
    if (runsBuildProgram(c.command.words)) {
      return true;
    }
    if (c.script !== script) {
      script = c.script;
      mayMatch = wordsMayCompileCuda(script);
    }
    if (mayMatch && compilesCudaRe.test(assignmentsAndWords(c.command))) {
      return true;
    }
  }
  return false;
}

const sourceSpecRe = /^(?:\.{1,2}(?:\/|$)|\/|git\+)/;

/** A pip/uv install of a source tree: a local directory, an editable project or a git URL (a setup.py then runs). */
function installsFromSource(instr: Instruction): boolean {
  return pythonInstalls(instr).some(
    (p) => p.tool !== 'conda' && (p.packages.some((w) => sourceSpecRe.test(w.value)) || p.options.some((o) => (o.name === '-e' || o.name === '--editable') && o.value !== undefined)),
  );
}

const forceCudaOn = (value: string | undefined): boolean => value !== undefined && /^["']?(?:1|true|yes|on)["']?$/i.test(value);

/**
 * FORCE_CUDA=1 (inline, or an ENV/ARG in scope) with a source install: detectron2, pytorch3d and mmcv then compile their
 * CUDA ops with no GPU visible (facebookresearch/detectron2's own Dockerfile sets it for `pip install -e detectron2_repo`).
 */
function forcedCudaSourceBuild(model: DockerfileModel, stage: Stage, instr: Instruction): boolean {
  if (!installsFromSource(instr)) {
    return false;
  }
  const inline = runCommands(instr).flatMap(({ command }) => [...command.assignments, ...command.words]).find((w) => w.value.startsWith('FORCE_CUDA='));
  return forceCudaOn(inline ? inline.value.slice('FORCE_CUDA='.length) : valuesAt(model, stage, instr).get('FORCE_CUDA'));
}

function namesBuildTools(instr: Instruction): boolean {
  if (runScripts(instr).some((sc) => buildToolRe.test(sc.text.text))) {
    return true;
  }
  let script: ShellScript | undefined;
  let mayMatch = false;
  for (const { command, script: of } of runCommands(instr)) {
    if (of !== script) {
      script = of;
      mayMatch = quotingRe.test(of.text.text) || buildToolHintRe.test(of.text.text);
    }
    if (mayMatch && command.words.some((w) => buildToolRe.test(w.value))) {
      return true;
    }
  }
  return false;
}

/**
 * Why the final stage needs a CUDA compiler: it `compiles` CUDA code at build time (a compiler or build program runs),
 * or it `may-compile`: it installs build tools (cmake, ninja) or packages that compile kernels when they run.
 */
export type NvccNeed = 'compiles' | 'may-compile';

const needsNvccSlot = memoSlot();

/** Why the final stage (with its ancestors) needs a CUDA compiler, if it does (cached per model). */
export function finalStageNvccNeed(model: DockerfileModel): NvccNeed | undefined {
  const need = memoOn(model, needsNvccSlot, decideNeedsNvcc);
  return need === 'none' ? undefined : need;
}

/** The final stage (with its ancestors) compiles CUDA code, at build time or when it runs: it needs a CUDA compiler. */
export function finalStageNeedsNvcc(model: DockerfileModel): boolean {
  return finalStageNvccNeed(model) !== undefined;
}

function decideNeedsNvcc(model: DockerfileModel): NvccNeed | 'none' {
  const chain = finalChain(model);
  if (chain.some((s) => s.instructions.some((i) => compilesCuda(i) || forcedCudaSourceBuild(model, s, i) || buildsGgmlWithCuda(model, s, i) || buildsApexWithCuda(model, s, i)))) {
    return 'compiles';
  }
  const copied = copiedFrom(model, chain);
  // Build tools an ancestor installs also for a builder stage the final image copies from (`FROM base AS builder`
  // beside `FROM base AS app`) were there for that build: the devel → runtime split done halfway.
  const installsBuildTools = (s: Stage): boolean => (s === model.finalStage || !copied.includes(s)) && s.instructions.some(namesBuildTools);
  // A package that compiles kernels when it runs counts also when its environment is copied in from another stage.
  return chain.some(installsBuildTools) || installsRuntimeJit([...chain, ...copied]) ? 'may-compile' : 'none';
}
