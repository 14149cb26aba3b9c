import { pythonInstalls, requirementName } from './installs';
import { memoOn, memoSlot } from './memo';
import type { DockerfileModel, Stage } from './semantic';
import { finalChain, runScripts } from './semantic';

/** Signs that a stage compiles CUDA code (then it needs the devel image). */
const compilesCudaRe = /\bnvcc\b|CUDAExtension|cpp_extension|\bbuild_ext\b|\bcmake\b|\bninja\b|--no-build-isolation|\bDS_BUILD_[A-Z_]+=1|\bsetup\.py\s+(?:install|develop|bdist_wheel)/;

/**
 * Packages that compile CUDA kernels when they run, with nvcc from the image: DeepSpeed's op builder,
 * exllamav2's JIT build (theroyallab/tabbyAPI installs it on a devel image) and FlashInfer's JIT.
 */
const runtimeJitPackages = new Set(['deepspeed', 'exllamav2', 'flashinfer', 'flashinfer-python']);

function installsRuntimeJit(stages: readonly Stage[]): boolean {
  return stages.some((s) => s.instructions.some((i) => pythonInstalls(i).some((p) => p.packages.some((w) => runtimeJitPackages.has(requirementName(w.value))))));
}

const needsNvccSlot = memoSlot();

/** The final stage (with its ancestors) compiles CUDA code, at build time or when it runs: it needs a CUDA compiler (cached per model). */
export function finalStageNeedsNvcc(model: DockerfileModel): boolean {
  return memoOn(model, needsNvccSlot, decideNeedsNvcc);
}

function decideNeedsNvcc(model: DockerfileModel): boolean {
  const chain = finalChain(model);
  return chain.some((s) => s.instructions.some((i) => runScripts(i).some((sc) => compilesCudaRe.test(sc.text.text)))) || installsRuntimeJit(chain);
}
