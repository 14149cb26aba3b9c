import type { CudaVersion } from '../../dockerfile/cuda';
import { baseCudaVersion, cuTagMajor, indexWords, pytorchIndexRe, torchWord } from '../../dockerfile/cuda';
import type { CudaBuildWord } from '../../dockerfile/cuda-wheel-majors';
import { bringsOwnToolkit, cudaBuildWords, fittingBuild, osCudaLibraryMajor, pythonCudaLibraryMajor } from '../../dockerfile/cuda-wheel-majors';
import type { PythonInstall } from '../../dockerfile/installs';
import { osInstalls, pythonInstalls, requirementName } from '../../dockerfile/installs';
import type { Stage } from '../../dockerfile/semantic';
import { baseRef } from '../../dockerfile/semantic';
import type { ShellWord } from '../../dockerfile/shell';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD404',
    name: 'torch-cuda-variant-mismatch',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: 'The CUDA major version of the torch wheel, or of a CuPy wheel or JAX CUDA build, differs from that of the base image.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const stage of model.stages) {
      const base = baseRef(stage);
      const baseVersion = base ? baseCudaVersion(base.ref) : undefined;
      if (!baseVersion || stage.nonPosixShell || model.nonPosixShell) {
        continue;
      }
      // Loops rather than flatMap, which V8 runs far slower.
      const installs: PythonInstall[] = [];
      for (const instr of stage.instructions) {
        for (const install of pythonInstalls(instr)) {
          installs.push(install);
        }
      }
      const baseText = baseVersion.minor !== undefined ? `${baseVersion.major}.${baseVersion.minor}` : `${baseVersion.major}`;
      for (const install of installs) {
        const w = install.tool === 'conda' ? undefined : torchMismatch(install, baseVersion.major);
        const cu = w && cuTagMajor(w.value);
        if (w && cu) {
          out.push(finding(w.range, `The torch wheel is built for CUDA ${cu.major} (${cu.tag}) but the base image is CUDA ${baseText}; use a cu${baseVersion.major}x wheel index that matches the base.`));
        }
      }
      for (const build of mismatchedBuilds(stage, installs, baseVersion.major)) {
        out.push(finding(build.word.range, buildMessage(build, baseVersion, baseText)));
      }
    }
    return out;
  },
};

/** The first word of a torch install (the requirement or a PyTorch index) whose cuXYZ names another CUDA major. */
function torchMismatch(install: PythonInstall, major: number): ShellWord | undefined {
  const torch = torchWord(install);
  if (!torch) {
    return undefined;
  }
  const carriers = [torch, ...indexWords(install).filter((w) => pytorchIndexRe.test(w.value))].filter((w) => !w.value.includes('$'));
  return carriers.find((w) => {
    const cu = cuTagMajor(w.value);
    return cu !== undefined && cu.major !== major;
  });
}

/**
 * CuPy and JAX packages built for another CUDA major than the base's. Silent for a kind the stage also installs for
 * the base's major (one branch of `if … then cupy-cuda11x else cupy-cuda12x`), and for a CuPy wheel whose libraries
 * come another way: its [ctk] extra, or CUDA library packages of its major from pip, conda or the OS.
 */
function mismatchedBuilds(stage: Stage, installs: readonly PythonInstall[], major: number): CudaBuildWord[] {
  const builds: CudaBuildWord[] = [];
  for (const install of installs) {
    if (install.tool !== 'conda') {
      for (const build of cudaBuildWords(install)) {
        builds.push(build);
      }
    }
  }
  const fitting = new Set(builds.filter((b) => b.major === major).map((b) => b.kind));
  const mismatched = builds.filter((b) => b.major !== major && !fitting.has(b.kind) && !bringsOwnToolkit(b));
  if (!mismatched.some((b) => b.kind === 'CuPy')) {
    return mismatched;
  }
  const libraries = new Set<number | undefined>([
    ...installs.flatMap((i) => i.packages.map((w) => pythonCudaLibraryMajor(i, w))),
    ...stage.instructions.flatMap((instr) => osInstalls(instr).flatMap((o) => o.packages.map(osCudaLibraryMajor))),
  ]);
  return mismatched.filter((b) => b.kind !== 'CuPy' || !libraries.has(b.major));
}

function buildMessage(build: CudaBuildWord, base: CudaVersion, baseText: string): string {
  const fits = fittingBuild(build.kind, base.major, base.minor);
  if (build.kind === 'CuPy') {
    return `${requirementName(build.word.value)} is the CuPy wheel for CUDA ${build.major}: it needs the CUDA ${build.major} libraries at run time, and the base image ships CUDA ${baseText}; install ${fits}, the wheel that fits the base.`;
  }
  const fix = fits ? `install ${fits}, the build that fits the base` : `use a CUDA ${build.major} base image (JAX's CUDA ${base.major} builds are old releases only)`;
  return `${build.word.value} is the JAX build for CUDA ${build.major} but the base image is CUDA ${baseText}; ${fix}.`;
}
