import { finalStageNeedsNvcc } from '../../dockerfile/compiles-cuda';
import { cudaFlavour } from '../../dockerfile/cuda';
import type { ImageRef } from '../../dockerfile/image-ref';
import { isNvidiaCuda, isPytorchImage } from '../../dockerfile/image-ref';
import type { OsInstall } from '../../dockerfile/installs';
import { osInstalls, pythonInstalls, requirementName, runCommands } from '../../dockerfile/installs';
import type { Instruction } from '../../dockerfile/model';
import { effectiveCommand } from '../../dockerfile/shell';
import type { ShellWord } from '../../dockerfile/shell';
import type { DockerfileModel } from '../../dockerfile/semantic';
import { baseRef, finalChain } from '../../dockerfile/semantic';
import { andList } from './same-line';

/** An OS package name without its version (`libcudnn8-dev=8.9.7.29-1+cuda12.2` → `libcudnn8-dev`). */
export function osPackageName(spec: string): string {
  return spec.replace(/[=<>].*$/, '');
}

/** A CUDA development package whose static libraries take GBs, with the package of the shared libraries programs load. */
interface DevLibrary {
  word: ShellWord;
  name: string;
  /** The package with the shared libraries alone (`libcudnn8`, `cuda-libraries-12-4`). */
  runtime: string;
  what: 'cudnn' | 'cuda';
}

/**
 * cuDNN 7 and 8's -dev (-devel on RPM systems) carries its headers and static libraries; cuDNN 9 moved the static
 * libraries to -static-cuda-N, and its -dev holds only headers and links. cuda-libraries-dev-X-Y pulls every CUDA
 * library's -dev, static libraries included.
 */
function devLibrary(word: ShellWord): DevLibrary | undefined {
  const name = osPackageName(word.value);
  if (!name.startsWith('libcudnn') && !name.startsWith('cuda-libraries-dev')) {
    return undefined;
  }
  const cudnn = /^libcudnn([78])-dev(?:el)?$/.exec(name) ?? /^libcudnn(\d+)-static(-cuda-\d+)$/.exec(name);
  if (cudnn) {
    return { word, name, runtime: `libcudnn${cudnn[1]}${cudnn[2] ?? ''}`, what: 'cudnn' };
  }
  const cuda = /^cuda-libraries-dev(?:el)?-(\d+-\d+)$/.exec(name);
  return cuda ? { word, name, runtime: `cuda-libraries-${cuda[1]}`, what: 'cuda' } : undefined;
}

export function devLibraries(install: OsInstall): DevLibrary[] {
  const out: DevLibrary[] = [];
  for (const p of install.packages) {
    const lib = devLibrary(p);
    if (lib) {
      out.push(lib);
    }
  }
  return out;
}

/** C/C++ build programs (`make`, `gcc`, `meson`): a stage that runs one may compile against the headers. */
const buildPrograms = new Set(['make', 'gcc', 'g++', 'cc', 'c++', 'clang', 'clang++', 'meson', 'bazel', 'bazelisk', 'cargo']);
/**
 * Packages with the CUDA compiler (the toolkit, which MLD412 reports itself, and nvcc alone): a final image that installs
 * one is set up to compile CUDA code, as XLA and CuPy do at run time.
 */
const compilerPackageRe = /^(?:cuda|cuda-toolkit|cuda-nvcc|cuda-compiler|cuda-minimal-build)(?:-\d+-\d+)?$|^nvidia-cuda-toolkit$/;

/**
 * PaddlePaddle's GPU wheels (those without CUDA libraries of their own) load cuDNN and the CUDA libraries by their
 * unversioned names (`libcudnn.so`: paddle/phi/backends/dynload/dynamic_loader.cc), links only the -dev packages make.
 */
const loadsUnversionedRe = /^paddlepaddle(?:-gpu)?$/;

function installsUnversionedLoader(instr: Instruction): boolean {
  return pythonInstalls(instr).some((p) => p.tool !== 'conda' && p.packages.some((w) => loadsUnversionedRe.test(requirementName(w.value))));
}

/** The base ships the development libraries already (a devel image; MLD401 judges it): installing them adds nothing. */
function baseShipsDevLibraries(ref: ImageRef): boolean {
  return cudaFlavour(ref) === 'devel' || (isPytorchImage(ref) && /-devel$/.test(ref.tag ?? '')) || (ref.domain === 'nvcr.io' && ref.path.startsWith('nvidia/') && !isNvidiaCuda(ref));
}

/**
 * The final image needs no development libraries: its base does not ship them, and it neither compiles (CUDA code, a
 * C/C++ build, build tools or JIT packages: see compiles-cuda), installs the CUDA compiler, nor installs PaddlePaddle.
 */
export function finalImageNeedsNoDevLibraries(model: DockerfileModel): boolean {
  const final = model.finalStage;
  const base = final ? baseRef(final) : undefined;
  if (!final || (base && baseShipsDevLibraries(base.ref)) || finalStageNeedsNvcc(model)) {
    return false;
  }
  return !finalChain(model).some((stage) =>
    stage.instructions.some(
      (instr) =>
        runCommands(instr).some(({ command }) => buildPrograms.has(effectiveCommand(command)?.name ?? '')) ||
        osInstalls(instr).some((install) => install.packages.some((p) => compilerPackageRe.test(osPackageName(p.value)))) ||
        installsUnversionedLoader(instr),
    ),
  );
}

/** Why the packages do not belong in the final image, and what to install instead (the runtime package, or nothing when the install has it). */
export function devLibrariesMessage(libs: readonly DevLibrary[], install: OsInstall): string {
  const installed = new Set(install.packages.map((p) => osPackageName(p.value)));
  const [first] = libs;
  const contents =
    libs.length > 1
      ? 'headers and static libraries (GBs)'
      : first?.what === 'cuda'
        ? "every CUDA library's headers and static libraries (several GB)"
        : first?.name.includes('-static')
          ? "cuDNN's static libraries (over a GB)"
          : "cuDNN's headers and static libraries (over a GB)";
  const runtimes = [...new Set(libs.map((l) => l.runtime))];
  const have = runtimes.every((r) => installed.has(r));
  const one = libs.length === 1;
  const instead = have
    ? `drop ${one ? 'it' : 'them'} (${andList(runtimes)}, installed beside ${one ? 'it' : 'them'}, ${runtimes.length === 1 ? 'has' : 'have'} the shared libraries)`
    : `install ${andList(runtimes)} (the shared libraries) instead`;
  return `${andList(libs.map((l) => l.name))} ${one ? 'puts' : 'put'} ${contents} into the final image, which programs never load at run time; ${instead}, or install ${one ? 'it' : 'them'} only in a build stage that compiles against ${one ? 'it' : 'them'}.`;
}
