import { pythonInstalls, requirementName, runCommands } from './installs';
import { memoOn, memoSlot } from './memo';
import type { Instruction } from './model';
import type { DockerfileModel, Stage } from './semantic';
import { ancestry, finalChain, runScripts } from './semantic';

/** Signs that a stage compiles CUDA code (then it needs the devel image). */
const compilesCudaRe = /\bnvcc\b|CUDAExtension|cpp_extension|\bbuild_ext\b|\bcmake\b|\bninja\b|--no-build-isolation|\bDS_BUILD_[A-Z_]+=1|\bsetup\.py\s+(?:install|develop|bdist_wheel)/;

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

/** The script text, and each command as its words read (an exec-form RUN's array, the script of `["bash", "-c", "…"]`). */
function compilesCuda(instr: Instruction): boolean {
  return (
    runScripts(instr).some((sc) => compilesCudaRe.test(sc.text.text)) ||
    runCommands(instr).some(({ command }) => compilesCudaRe.test([...command.assignments, ...command.words].map((w) => w.value).join(' ')))
  );
}

const needsNvccSlot = memoSlot();

/** The final stage (with its ancestors) compiles CUDA code, at build time or when it runs: it needs a CUDA compiler (cached per model). */
export function finalStageNeedsNvcc(model: DockerfileModel): boolean {
  return memoOn(model, needsNvccSlot, decideNeedsNvcc);
}

function decideNeedsNvcc(model: DockerfileModel): boolean {
  const chain = finalChain(model);
  // A package that compiles kernels when it runs counts also when its environment is copied in from another stage.
  return chain.some((s) => s.instructions.some(compilesCuda)) || installsRuntimeJit([...chain, ...copiedFrom(model, chain)]);
}
