import type { ImageRef } from '../../dockerfile/image-ref';
import { isNvidiaCuda } from '../../dockerfile/image-ref';
import { isPlainOsImage } from '../../dockerfile/cuda';
import { isRocmImage, isRocmImageWithoutTorch, rocmImageTorchVersion, rocmImageVersion } from '../../dockerfile/rocm';

/**
 * The GPU stack a stage's base gives it, and the torch already in it. `plain` is an OS or language image, which
 * becomes a ROCm stage once a RUN installs ROCm.
 */
export interface GpuStack {
  kind: 'rocm' | 'cuda' | 'plain';
  /** The base as the message names it (`rocm/pytorch:rocm6.2.3_…`). */
  image: string;
  /** The ROCm version the tag names, for the matching wheel index. */
  rocmVersion?: string;
  /** The image ships torch (AMD's framework images), so a bare `pip install torch` is already satisfied. */
  shipsTorch: boolean;
  /** The torch release the tag names, when it ships one. */
  torchVersion?: string;
}

export function imageLabel(ref: ImageRef): string {
  const path = ref.domain === 'docker.io' && ref.path.startsWith('library/') ? ref.path.slice('library/'.length) : ref.path;
  return `${ref.domain === 'docker.io' ? '' : `${ref.domain}/`}${path}:${ref.tag ?? 'latest'}`;
}

/** The stack of a base image, or undefined for a base this check knows nothing about (third-party images, other accelerators). */
export function gpuStackOf(ref: ImageRef): GpuStack | undefined {
  const image = imageLabel(ref);
  if (isRocmImage(ref)) {
    const shipsTorch = !isRocmImageWithoutTorch(ref);
    const stack: GpuStack = { kind: 'rocm', image, shipsTorch };
    const rocmVersion = rocmImageVersion(ref);
    const torchVersion = shipsTorch ? rocmImageTorchVersion(ref) : undefined;
    if (rocmVersion !== undefined) {
      stack.rocmVersion = rocmVersion;
    }
    if (torchVersion !== undefined) {
      stack.torchVersion = torchVersion;
    }
    return stack;
  }
  if (isNvidiaCuda(ref)) {
    return { kind: 'cuda', image, shipsTorch: false };
  }
  return isPlainOsImage(ref) ? { kind: 'plain', image, shipsTorch: false } : undefined;
}
