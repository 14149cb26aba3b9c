import type { ImageRef } from './image-ref';
import type { OsInstall } from './installs';
import type { ShellCommand } from './shell';
import { effectiveCommand } from './shell';

/** A repository of AMD's `rocm` organisation (`rocm/pytorch`, `rocm/dev-ubuntu-22.04`, `rocm/vllm`), also behind a mirror prefix. */
const rocmOrgRe = /(?:^|\/)rocm\/[^/]+$/;
/** `rocm` as a word of the repository name or tag (`lmsysorg/sglang:v0.4.6-rocm630`, `…/text-generation-inference:3.0-rocm`). */
const rocmWordRe = /(?:^|[^a-z0-9])rocm(?![a-z])/i;
/** AMD images without torch in them: the ROCm toolchain images and the TensorFlow ones. */
const rocmWithoutTorchRe = /(?:^|\/)rocm\/(?:dev-[a-z0-9._-]+|rocm-terminal|tensorflow(?:-[a-z0-9-]+)?)$/;

/** AMD's ROCm toolchain images, tagged with the bare ROCm version (`rocm/dev-ubuntu-24.04:6.4.1-complete`, `rocm/rocm-terminal:6.1.2`). */
const rocmToolchainRe = /(?:^|\/)rocm\/(?:dev-[a-z0-9._-]+|rocm-terminal)$/;

/** A base image built for AMD GPUs with ROCm: AMD's `rocm/*` images, or an image whose name or tag says `rocm`. */
export function isRocmImage(ref: ImageRef): boolean {
  if (rocmOrgRe.test(ref.path)) {
    return true;
  }
  const name = ref.path.slice(ref.path.lastIndexOf('/') + 1);
  return rocmWordRe.test(name) || rocmWordRe.test(ref.tag ?? '');
}

/** AMD's ROCm toolchain or TensorFlow image, which has no torch: a `pip install torch` there is a fresh install. */
export function isRocmImageWithoutTorch(ref: ImageRef): boolean {
  return rocmWithoutTorchRe.test(ref.path);
}

/**
 * The ROCm version a ROCm image's tag names: `rocm/dev-ubuntu-22.04:6.2.4-complete` → 6.2.4,
 * `rocm/pytorch:rocm6.2.3_ubuntu22.04_py3.10_pytorch_release_2.3.0` → 6.2.3, `lmsysorg/sglang:v0.4.6-rocm630` → 6.3.0;
 * undefined for `latest`.
 */
export function rocmImageVersion(ref: ImageRef): string | undefined {
  const tag = ref.tag ?? '';
  const named = /rocm[-_]?(\d+\.\d+(?:\.\d+)?)/i.exec(tag);
  if (named) {
    return named[1];
  }
  const compact = /rocm(\d)(\d)(\d)(?![\d.])/i.exec(tag); // SGLang's `v0.4.6-rocm630`
  if (compact) {
    return `${compact[1]}.${compact[2]}.${compact[3]}`;
  }
  return rocmToolchainRe.test(ref.path) ? /^(\d+\.\d+(?:\.\d+)?)(?![\d.])/.exec(tag)?.[1] : undefined;
}

/**
 * The torch release a ROCm framework image's tag names (`…_pytorch_release_2.3.0`, `…_pytorch_2.0.1`,
 * `rocm/vllm-dev:base_rocm7.2.3_…_torch2.11-…`); undefined when the tag does not say.
 */
export function rocmImageTorchVersion(ref: ImageRef): string | undefined {
  return /(?:pytorch(?:_release)?_|torch)(\d+\.\d+(?:\.\d+)?)/i.exec(ref.tag ?? '')?.[1];
}

/**
 * PyTorch's published ROCm wheel indexes (`https://download.pytorch.org/whl/rocm6.2.4`), as uv's `--torch-backend`
 * lists them, with the 6.4 and 7.x indexes of later releases.
 */
const publishedRocmIndexes = new Set([
  '4.0.1', '4.1', '4.2', '5.1.1', '5.2', '5.3', '5.4', '5.4.2', '5.5', '5.6', '5.7', '6.0', '6.1', '6.2', '6.2.4', '6.3', '6.4', '7.0', '7.1', '7.2',
]);

/** The PyTorch ROCm wheel index for a ROCm version (6.2.4 → `…/whl/rocm6.2.4`, 6.4.1 → `…/whl/rocm6.4`); undefined when none is published. */
export function rocmWheelIndex(version: string): string | undefined {
  const minor = /^\d+\.\d+/.exec(version)?.[0] ?? version;
  const name = publishedRocmIndexes.has(version) ? version : publishedRocmIndexes.has(minor) ? minor : undefined;
  return name === undefined ? undefined : `https://download.pytorch.org/whl/rocm${name}`;
}

/** ROCm's runtime and SDK meta-packages (`rocm`, `rocm-dev`, `rocm-hip-sdk`, `rocm6.2.4`, `hip-runtime-amd`). */
const rocmPackageRe = /^(?:rocm|rocm-dev|rocm-libs|rocm-hip-sdk|rocm-hip-runtime|rocm-hip-runtime-dev|rocm-hip-libraries|rocm-ml-sdk|rocm-ml-libraries|hip-runtime-amd)(?:\d[\d.]*)?(?:[=:].*)?$/;

/** The OS install puts ROCm into the image. */
export function installsRocmPackages(install: OsInstall): boolean {
  return install.packages.some((p) => rocmPackageRe.test(p.value));
}

/** `amdgpu-install --usecase=rocm` (or `hip`, `hiplibsdk`, …): AMD's installer sets up the ROCm runtime. */
export function runsAmdgpuInstallForRocm(command: ShellCommand): boolean {
  const eff = effectiveCommand(command);
  if (eff?.name !== 'amdgpu-install') {
    return false;
  }
  const args = eff.args.map((a) => a.value);
  return args.some((a, k) => {
    const usecase = a.startsWith('--usecase=') ? a.slice('--usecase='.length) : a === '--usecase' ? (args[k + 1] ?? '') : undefined;
    return usecase !== undefined && /(?:^|,)(?:rocm|hip|hiplibsdk|rocmdev|mllib|mlsdk)(?:,|$)/.test(usecase);
  });
}
