import { isPytorchImage } from '../../dockerfile/image-ref';
import { cudaFlavour } from '../../dockerfile/cuda';
import { pythonInstalls, requirementName } from '../../dockerfile/installs';
import type { Stage } from '../../dockerfile/semantic';
import { runScripts, baseRef, finalChain } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import { finding, fromAnchor } from './helpers';

/** Signs that a stage compiles CUDA code (then it needs the devel image). */
const compilesCuda = /\bnvcc\b|CUDAExtension|cpp_extension|\bbuild_ext\b|\bcmake\b|\bninja\b|--no-build-isolation|\bDS_BUILD_[A-Z_]+=1|\bsetup\.py\s+(?:install|develop|bdist_wheel)/;

/**
 * Packages that compile CUDA kernels when they run, with nvcc from the image: DeepSpeed's op builder,
 * exllamav2's JIT build (theroyallab/tabbyAPI installs it on a devel image) and FlashInfer's JIT.
 */
const runtimeJitPackages = new Set(['deepspeed', 'exllamav2', 'flashinfer', 'flashinfer-python']);

function installsRuntimeJit(stages: readonly Stage[]): boolean {
  return stages.some((s) => s.instructions.some((i) => pythonInstalls(i).some((p) => p.packages.some((w) => runtimeJitPackages.has(requirementName(w.value))))));
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD401',
    name: 'cuda-devel-in-final-stage',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: 'The final stage is based on a CUDA devel image, about twice the size of the runtime flavour.',
  },
  check({ model }) {
    const final = model.finalStage;
    if (!final) {
      return [];
    }
    const base = baseRef(final);
    if (!base) {
      return [];
    }
    const { ref } = base;
    const devel = cudaFlavour(ref) === 'devel' || (isPytorchImage(ref) && /-devel$/.test(ref.tag ?? ''));
    if (!devel) {
      return [];
    }
    const compiles = finalChain(model).some((s) => s.instructions.some((i) => runScripts(i).some((sc) => compilesCuda.test(sc.text.text))));
    if (compiles || installsRuntimeJit(finalChain(model))) {
      return [];
    }
    const image = `${ref.path.replace(/^library\//, '')}:${ref.tag ?? ''}`;
    return [
      finding(
        fromAnchor(final),
        `The final stage runs on the CUDA devel image ${image}, about twice the size of the runtime flavour; build in a devel stage and COPY the results into a "-runtime" image.`,
      ),
    ];
  },
};
