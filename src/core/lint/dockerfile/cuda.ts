import type { ImageRef } from './image-ref';
import { isNgcPytorch, isNvidiaCuda, isPytorchImage } from './image-ref';
import type { ConfiguredIndex } from './configured-indexes';
import type { PythonInstall } from './installs';
import { optionValues, requirementName } from './installs';
import type { ShellWord } from './shell';

export interface CudaVersion {
  major: number;
  minor?: number;
  patch?: number;
  text: string;
}

function parseVersion(text: string): CudaVersion | undefined {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text);
  if (!m) {
    return undefined;
  }
  const v: CudaVersion = { major: Number(m[1]), text: m[0] };
  if (m[2] !== undefined) {
    v.minor = Number(m[2]);
  }
  if (m[3] !== undefined) {
    v.patch = Number(m[3]);
  }
  return v;
}

/**
 * CUDA major of an NGC framework release `YY.MM` (conservative: unknown releases give undefined).
 * 21.01–22.12 ship CUDA 11.x; 23.01–25.06 ship CUDA 12.x.
 */
export function ngcCudaMajor(release: string): number | undefined {
  const m = /^(\d{2})\.(\d{2})/.exec(release);
  if (!m) {
    return undefined;
  }
  const n = Number(m[1]) * 100 + Number(m[2]);
  if (n >= 2101 && n <= 2212) {
    return 11;
  }
  if (n >= 2301 && n <= 2506) {
    return 12;
  }
  return undefined;
}

/** CUDA version of a base image, when the tag encodes it. */
export function baseCudaVersion(ref: ImageRef): CudaVersion | undefined {
  const tag = ref.tag;
  if (tag === undefined) {
    return undefined;
  }
  if (isNvidiaCuda(ref)) {
    return parseVersion(tag);
  }
  if (isPytorchImage(ref)) {
    const m = /-cuda(\d+\.\d+)/.exec(tag);
    return m ? parseVersion(m[1] as string) : undefined;
  }
  if (isNgcPytorch(ref) || (ref.domain === 'nvcr.io' && /^nvidia\/(?:tensorflow|jax|tritonserver)$/.test(ref.path))) {
    const major = ngcCudaMajor(tag);
    return major === undefined ? undefined : { major, text: `${major}` };
  }
  return undefined;
}

export type CudaFlavour = 'base' | 'runtime' | 'devel';

export function cudaFlavour(ref: ImageRef): CudaFlavour | undefined {
  if (!isNvidiaCuda(ref) || ref.tag === undefined) {
    return undefined;
  }
  const m = /-(base|runtime|devel)(?:-|$)/.exec(ref.tag);
  return m ? (m[1] as CudaFlavour) : undefined;
}

/**
 * A base image that ships CUDA: nvidia/cuda, pytorch/pytorch with a CUDA tag (or `latest`, which is the newest
 * CUDA runtime tag), or an NGC framework image.
 */
export function isCudaBase(ref: ImageRef): boolean {
  if (isNvidiaCuda(ref) || isNgcPytorch(ref)) {
    return true;
  }
  if (ref.domain === 'nvcr.io' && ref.path.startsWith('nvidia/')) {
    return true;
  }
  return isPytorchImage(ref) && (ref.tag === undefined || ref.tag === 'latest' || /cuda/.test(ref.tag));
}

/** A tag such as `latest-gpu`, `2.15.0-gpu`, `24.04-cuda12.2-py3.11` or `py3.10-cu121`. */
const gpuTagRe = /(?:^|[^a-z0-9])(?:gpu|cuda[0-9.]*|cu[0-9]{2,3})(?![a-z])/i;
/** A repository whose name says GPU/CUDA, e.g. `tensorflow-gpu`, `cuda-python`. */
const gpuRepoRe = /(?:^|[-_.])(?:gpu|cuda)(?:[-_.]|$)/i;

/**
 * A base that ships CUDA, or (for other images) whose tag or repository name says it is a GPU/CUDA build,
 * like `pytorch/torchserve:latest-gpu` or `tensorflow/tensorflow:2.15.0-gpu`. Rules that claim a base is
 * *not* CUDA use this, so that they stay silent on third-party GPU images.
 */
export function isLikelyCudaBase(ref: ImageRef): boolean {
  if (isCudaBase(ref) || isJetsonBase(ref)) {
    return true;
  }
  const name = ref.path.slice(ref.path.lastIndexOf('/') + 1);
  return gpuRepoRe.test(name) || gpuTagRe.test(ref.tag ?? '') || isCudaServingImage(ref);
}

/** Serving images built on nvidia/cuda whose names do not say so (their ROCm, CPU and XPU builds carry it in the tag). */
const cudaServingImages = ['vllm/vllm-openai', 'lmsysorg/sglang', 'huggingface/text-generation-inference'];

function isCudaServingImage(ref: ImageRef): boolean {
  const tag = ref.tag ?? '';
  return cudaServingImages.some((n) => ref.path === n || ref.path.endsWith(`/${n}`)) && !otherAcceleratorRe.test(tag) && !/(?:^|[^a-z])(?:cpu|intel|gaudi|neuron)(?![a-z])/i.test(tag);
}

/** Repositories and tags of images built for other accelerators: ROCm, Neuron, Gaudi, Intel XPU/oneAPI, Ascend, TPU. */
const otherAcceleratorRe = /(?:^|[^a-z0-9])(?:rocm|neuronx?|habana(?:labs)?|gaudi[0-9]*|xpu|oneapi|ipex|ascend|cann|tpu)(?![a-z])/i;

/**
 * A base image built for a non-NVIDIA accelerator (`rocm/pytorch`, `…/neuron/pytorch-inference-neuronx`,
 * `vault.habana.ai/…`, `intel/deep-learning-essentials`, `quay.io/ascend/cann`, TPU images), where CUDA
 * advice (NVIDIA_* variables, TORCH_CUDA_ARCH_LIST) does not apply.
 */
export function isOtherAcceleratorBase(ref: ImageRef): boolean {
  if (isCudaBase(ref)) {
    return false;
  }
  return ref.domain === 'vault.habana.ai' || ref.path.startsWith('intel/') || otherAcceleratorRe.test(`${ref.path}:${ref.tag ?? ''}`);
}

/** `l4t`, `jetson` or `jetpack` as a word of the repository (`nvcr.io/nvidia/l4t-pytorch`, `dustynv/l4t-ml`, `balenalib/jetson-nano-ubuntu`). */
const jetsonRepoRe = /(?:^|[^a-z0-9])(?:l4t|jetson|jetpack)(?![a-z])/i;
/** An L4T release in a tag: `r36.4.0`, `2.1-r36.2.0`, `r35.2.1-pth2.0-py3`. */
const l4tReleaseRe = /(?:^|[^a-z0-9])r(3\d)\.\d/i;

/**
 * A base for NVIDIA Jetson (arm64, L4T): NVIDIA's `l4t-*` images, dusty-nv's jetson-containers (`dustynv/*` tagged with
 * an L4T release), or a repository named for Jetson. CUDA comes from JetPack there, not from `nvidia/cuda` tags.
 */
export function isJetsonBase(ref: ImageRef): boolean {
  return jetsonRepoRe.test(ref.path) || (ref.path.startsWith('dustynv/') && l4tReleaseRe.test(ref.tag ?? ''));
}

/**
 * The CUDA architectures of the Jetson modules an L4T base runs on, as jetson-containers builds them: L4T r32
 * (JetPack 4: Nano, TX2, Xavier) 5.3;6.2;7.2, r34/r35 (JetPack 5: Xavier, Orin) 7.2;8.7, r36 (JetPack 6: Orin) 8.7.
 * `l4t-cuda` tags give the CUDA version instead (10.x, 11.x, 12.x). Undefined for releases it does not know (r38: Thor).
 */
export function jetsonArchList(ref: ImageRef): string | undefined {
  const tag = ref.tag ?? '';
  const l4t = l4tReleaseRe.exec(tag);
  const release = l4t ? Number(l4t[1]) : undefined;
  const cuda = release === undefined ? /^(\d+)\./.exec(tag) : null;
  if (release === 32 || cuda?.[1] === '10') {
    return '5.3;6.2;7.2';
  }
  if (release === 34 || release === 35 || cuda?.[1] === '11') {
    return '7.2;8.7';
  }
  return release === undefined || release === 36 ? '8.7' : undefined;
}

/** Packages that put torch or JAX on another accelerator: AWS Neuron, XLA (TPU), Ascend NPU, Intel's extension (XPU/CPU), Gaudi, libtpu. */
const otherAcceleratorPackageRe = /^(?:torch-neuronx?|neuronx?-cc|torch-xla|torch-npu|intel-extension-for-pytorch|oneccl-bind-pt|habana-torch-plugin|optimum-habana|libtpu(?:-nightly)?)$/;

/**
 * The install names a package that targets a non-NVIDIA accelerator (`torch-neuronx`, `torch_xla[tpu]`, `torch-npu`,
 * `intel-extension-for-pytorch`, `jax[tpu]`): the torch (or JAX) beside it is meant for that device, not for CUDA.
 */
export function installsOtherAcceleratorBuild(install: PythonInstall): boolean {
  return install.packages.some((p) => {
    const name = requirementName(p.value).toLowerCase().replace(/[_.]+/g, '-');
    return otherAcceleratorPackageRe.test(name) || (name === 'jax' && /\[[^\]]*\btpu\b/i.test(p.value));
  });
}

/** A FROM `--platform` value for 64-bit Arm (`linux/arm64`, `linux/arm64/v8`, `linux/aarch64`). */
export function isArm64Platform(platform: string | undefined): boolean {
  return platform !== undefined && /^linux\/(?:arm64|aarch64)(?:\/|$)/i.test(platform.trim());
}

/** CUDA major encoded in a wheel index or local version: `cu118` → 11, `cu121` → 12, `cu130` → 13. */
export function cuTagMajor(text: string): { major: number; tag: string } | undefined {
  const m = /(?:^|[^a-z0-9])cu(\d{2,3})(?![0-9])/.exec(text) ?? /\+cu(\d{2,3})(?![0-9])/.exec(text);
  if (!m) {
    return undefined;
  }
  const digits = m[1] as string;
  return { major: Number(digits.slice(0, -1)), tag: `cu${digits}` };
}

export const pytorchIndexRe = /download\.pytorch\.org\/whl/;

/** Index-like option values of an install (`--index-url`, `--extra-index-url`, `-f`). */
export function indexWords(install: PythonInstall): ShellWord[] {
  return optionValues(install, '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '--index', '--default-index', '--extra-index');
}

export function torchWord(install: PythonInstall): ShellWord | undefined {
  return install.packages.find((p) => requirementName(p.value) === 'torch');
}

/** Expands the `$VAR`s of a word as the build step sees them; undefined when a name is unknown. */
export type ExpandWord = (text: string) => string | undefined;

/** The indexes the install reads from its environment or pip's config (see configuredIndexes), asked for only when needed. */
export type ConfiguredIndexes = () => readonly ConfiguredIndex[];

/** PyTorch wheel indexes without CUDA: `…/whl/cpu`, `…/whl/nightly/rocm6.2`, `…/whl/test/xpu`. */
const nonCudaIndexRe = /\/whl\/(?:nightly\/|test\/)?(?:cpu|rocm[0-9.]*|xpu)(?![a-z0-9])/;

/**
 * The install may not pull a CUDA build of torch: a CPU, ROCm or XPU index or local version (`+cpu`,
 * `+rocm6.2`), or an index given by a variable that `expand` cannot resolve (hiyouga/LLaMA-Factory's
 * NPU image installs torch from `--index-url "${PYTORCH_INDEX}"`, whose ARG default is the CPU index).
 * `configured` adds the indexes set outside the command line (`ENV PIP_INDEX_URL=…/whl/cpu`).
 */
export function isNonCudaTorch(install: PythonInstall, torch: ShellWord, expand?: ExpandWord, configured?: ConfiguredIndexes): boolean {
  return nonCudaBuild(install, torch, true, expand, configured);
}

/**
 * The package is a `+cpu`/`+rocm`/`+xpu` build or comes from a PyTorch index without CUDA (`…/whl/rocm6.2.4`); an index
 * `expand` cannot resolve counts as one when `unknownIsNonCuda`.
 */
function nonCudaBuild(install: PythonInstall, p: ShellWord, unknownIsNonCuda: boolean, expand?: ExpandWord, configured?: ConfiguredIndexes): boolean {
  if (/\+(?:cpu|rocm[0-9.]*|xpu)(?![a-z0-9])/.test(p.value)) {
    return true;
  }
  const nonCuda = (url: string | undefined): boolean => (url === undefined ? unknownIsNonCuda : nonCudaIndexRe.test(url));
  return indexWords(install).some((w) => nonCuda(w.value.includes('$') ? expand?.(w.value) : w.value)) || (configured?.().some(nonCuda) ?? false);
}

/**
 * The CUDA-enabled framework package this install names, if any (the "CUDA framework install" of §1.4).
 * `expand` resolves index URLs written with variables; without it such an index counts as unknown.
 * `configured` lists the indexes set outside the command line; without it none count.
 */
export function cudaFrameworkPackage(install: PythonInstall, expand?: ExpandWord, configured?: ConfiguredIndexes): ShellWord | undefined {
  for (const p of install.packages) {
    const name = requirementName(p.value);
    const spec = p.value.toLowerCase();
    if (name === 'torch') {
      if (install.tool === 'conda' || !isNonCudaTorch(install, p, expand, configured)) {
        if (install.tool !== 'conda' || /cuda/.test(install.packages.map((w) => w.value).join(' '))) {
          return p;
        }
      }
      continue;
    }
    if (name === 'tensorflow' && /\[[^\]]*and-cuda/.test(spec)) {
      return p;
    }
    if (name === 'jax' && /\[[^\]]*cuda/.test(spec)) {
      return p;
    }
    if (/^cupy-cuda/.test(name) || /^tensorrt/.test(name)) {
      return p;
    }
    // Built for CUDA from PyPI, but PyTorch's ROCm, CPU and XPU indexes carry their own builds of them.
    if ((name === 'vllm' || name === 'flash-attn' || name === 'xformers') && !nonCudaBuild(install, p, false, expand, configured)) {
      return p;
    }
  }
  return undefined;
}

/**
 * The install names a build of a framework made for CPUs only (`tensorflow-cpu`, `faiss-cpu`, `jax[cpu]`, a `+cpu`
 * wheel): the image is meant to run without GPUs, whatever other wheels happen to bundle CUDA.
 */
export function installsCpuBuild(install: PythonInstall): boolean {
  return install.packages.some((p) => {
    const spec = p.value.toLowerCase();
    return /-cpu$/.test(requirementName(p.value).toLowerCase()) || /\[[^\]]*\bcpu\b/.test(spec) || /\+cpu\b/.test(spec);
  });
}

/** Docker Hub's official OS and language images: none of them ships a CUDA toolkit. */
const plainOfficialImages = new Set(['ubuntu', 'debian', 'alpine', 'fedora', 'centos', 'rockylinux', 'almalinux', 'amazonlinux', 'oraclelinux', 'archlinux', 'busybox', 'buildpack-deps', 'python', 'pypy', 'node', 'golang', 'rust', 'openjdk', 'eclipse-temurin']);

/** A plain OS or language image (`ubuntu:22.04`, `python:3.11-slim`, Red Hat's UBI): no CUDA compiler unless the Dockerfile installs one. */
export function isPlainOsImage(ref: ImageRef): boolean {
  if (ref.domain === 'docker.io' && ref.path.startsWith('library/')) {
    return plainOfficialImages.has(ref.path.slice('library/'.length));
  }
  return ref.domain === 'registry.access.redhat.com' && /^ubi\d+(?:\/|$)/.test(ref.path);
}

/** Words that install or bring in a CUDA compiler: toolkit packages (apt, dnf, conda, pip), NVIDIA's runfile, /usr/local/cuda copied in. */
export const cudaCompilerSourceRe = /cuda-toolkit|cuda-nvcc|nvidia-cuda-toolkit|cuda-compiler|cudatoolkit|cuda-libraries-dev|cuda_[\d.]+_[\d.]+_linux\.run|\/usr\/local\/cuda|\bnvcc\b/i;
