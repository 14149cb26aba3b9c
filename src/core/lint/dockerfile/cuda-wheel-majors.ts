import type { PythonInstall } from './installs';
import { requirementName } from './installs';
import type { ShellWord } from './shell';

/** A CuPy or JAX package built for one CUDA major: which of the two, the word, and the major it is built for. */
export interface CudaBuildWord {
  kind: 'CuPy' | 'JAX';
  word: ShellWord;
  major: number;
}

/** `cupy-cuda12x`, `cupy-cuda11x` (one wheel per major), `cupy-cuda117`, `cupy-cuda102`, `cupy-cuda92` (one per minor). */
const cupyRe = /^cupy-cuda(\d{2,3})(x?)$/;
/** JAX's CUDA extras: `jax[cuda12]`, `jax[cuda11_pip]`, `jax[cuda12_local]`, `jax[cuda11_cudnn86]`, the older `jax[cuda111]`. */
const jaxExtraRe = /\[[^\]]*\bcuda(\d{2,3})(?![0-9])/;
/** JAX's CUDA plugin packages (`jax-cuda12-plugin`, `jax-cuda12-pjrt`) and jaxlib's local versions (`jaxlib==0.4.7+cuda11.cudnn86`, `+cuda111`). */
const jaxPluginRe = /^jax-cuda(\d{2})-(?:plugin|pjrt)$/;
const jaxlibLocalRe = /\+cuda(\d{2,3})(?![0-9])/;

/** The CUDA major of a release written as digits: two name a major (`12`), three a major and minor (`117` → 11, `102` → 10). */
function majorOf(digits: string): number {
  return Number(digits.length === 3 ? digits.slice(0, 2) : digits);
}

/** The CUDA major a CuPy wheel name is built for: `12x` → 12, `117` → 11, `92` → 9 (a wheel per minor release). */
function cupyMajor(name: string): number | undefined {
  // startsWith first: this is asked of every package name.
  const m = name.startsWith('cupy-cuda') ? cupyRe.exec(name) : null;
  if (!m) {
    return undefined;
  }
  const digits = m[1] as string;
  return m[2] ? Number(digits) : Number(digits.slice(0, -1));
}

function jaxMajor(name: string, word: ShellWord): number | undefined {
  const m = name === 'jax' ? jaxExtraRe.exec(word.value.toLowerCase()) : name === 'jaxlib' ? jaxlibLocalRe.exec(word.value.toLowerCase()) : name.startsWith('jax-cuda') ? jaxPluginRe.exec(name) : null;
  return m ? majorOf(m[1] as string) : undefined;
}

/** The CuPy and JAX packages of an install that name the CUDA major they are built for (written without variables). */
export function cudaBuildWords(install: PythonInstall): CudaBuildWord[] {
  const out: CudaBuildWord[] = [];
  for (const word of install.packages) {
    if (word.value.includes('$')) {
      continue;
    }
    const name = requirementName(word.value);
    const cupy = cupyMajor(name);
    const jax = cupy === undefined ? jaxMajor(name, word) : undefined;
    if (cupy !== undefined) {
      out.push({ kind: 'CuPy', word, major: cupy });
    } else if (jax !== undefined) {
      out.push({ kind: 'JAX', word, major: jax });
    }
  }
  return out;
}

/**
 * A CuPy wheel that brings its own CUDA libraries (`cupy-cuda12x[ctk]` pulls them from PyPI): it does not need the
 * base image's toolkit.
 */
export function bringsOwnToolkit(build: CudaBuildWord): boolean {
  return build.kind === 'CuPy' && /\[[^\]]*\bctk\b/i.test(build.word.value);
}

/**
 * The package of `kind` built for CUDA `major` (with `minor` where CuPy has a wheel per minor release); undefined for
 * JAX before CUDA 12, whose CUDA 11 builds are old releases only.
 */
export function fittingBuild(kind: CudaBuildWord['kind'], major: number, minor: number | undefined): string | undefined {
  if (kind === 'JAX') {
    return major >= 12 ? `jax[cuda${major}]` : undefined;
  }
  if (major >= 12 || (major === 11 && (minor === undefined || minor >= 2))) {
    return `cupy-cuda${major}x`;
  }
  return minor === undefined ? `the CuPy wheel for CUDA ${major}` : `cupy-cuda${major}${minor}`;
}

/** pip's CUDA library wheels of one major (`nvidia-cuda-runtime-cu11`, `nvidia-cublas-cu12`). */
const pipCudaLibraryRe = /^nvidia-[a-z0-9-]+-cu(\d{2})$/;
/** conda's CUDA toolkit packages pinned to a release (`cudatoolkit=11.8`, `cuda-toolkit=11.8`, `pytorch-cuda=11.8`). */
const condaCudaRe = /^(?:cudatoolkit|cuda-(?:toolkit|runtime|cudart|libraries|nvrtc|version)|pytorch-cuda)$/;
/** OS packages of one CUDA release (`cuda-libraries-11-8`, `cuda-nvrtc-11-8=11.8.89-1`, `libcublas-11-8`). */
const osCudaLibraryRe = /^(?:cuda|libcu[a-z]+|libnvrtc|libnvjitlink|libnpp)[a-z0-9-]*?-(\d{2})-\d+(?:[=:].*)?$/;

/** The CUDA major of a CUDA library package a pip or conda install names, if any. */
export function pythonCudaLibraryMajor(install: PythonInstall, word: ShellWord): number | undefined {
  const name = requirementName(word.value);
  if (install.tool === 'conda') {
    const version = condaCudaRe.test(name) ? /^[^=<>~!]+(?:==?)\s*(\d+)/.exec(word.value)?.[1] : undefined;
    return version === undefined ? undefined : Number(version);
  }
  const m = pipCudaLibraryRe.exec(name);
  return m ? Number(m[1]) : undefined;
}

/** The CUDA major of an OS package of one CUDA release (`cuda-libraries-11-8` → 11). */
export function osCudaLibraryMajor(word: ShellWord): number | undefined {
  const m = osCudaLibraryRe.exec(word.value);
  return m ? Number(m[1]) : undefined;
}
