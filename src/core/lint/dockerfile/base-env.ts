import type { ImageRef } from './image-ref';
import { isNgcPytorch, isNvidiaCuda, isPytorchImage } from './image-ref';

/** Environment variables every Linux base image is expected to have. */
export const commonEnv: ReadonlySet<string> = new Set(['PATH', 'HOME', 'HOSTNAME', 'TERM']);

const cudaEnv = ['CUDA_VERSION', 'NVIDIA_VISIBLE_DEVICES', 'NVIDIA_DRIVER_CAPABILITIES', 'NVIDIA_REQUIRE_CUDA', 'LD_LIBRARY_PATH', 'NVIDIA_PRODUCT_NAME', 'LIBRARY_PATH'];

/**
 * Bundled table of environment variables set by well-known base images (offline stand-in for
 * image metadata). Returns undefined when the base is not in the table.
 */
export function knownBaseEnv(ref: ImageRef): { names: ReadonlySet<string>; prefixes: readonly string[] } | undefined {
  if (isNvidiaCuda(ref)) {
    return { names: new Set([...cudaEnv, 'NCCL_VERSION', 'CUDNN_VERSION']), prefixes: ['NV_'] };
  }
  if (isNgcPytorch(ref)) {
    return { names: new Set([...cudaEnv, 'PYTORCH_VERSION', 'PYTORCH_BUILD_VERSION', 'NVIDIA_PYTORCH_VERSION', 'CUDNN_VERSION', 'NCCL_VERSION', 'TORCH_CUDA_ARCH_LIST']), prefixes: ['NV_', 'NVIDIA_', 'CUDA_', 'PYTORCH_'] };
  }
  if (isPytorchImage(ref)) {
    return { names: new Set(['PYTORCH_VERSION', 'NVIDIA_VISIBLE_DEVICES', 'NVIDIA_DRIVER_CAPABILITIES', 'LD_LIBRARY_PATH', 'CONDA_PREFIX']), prefixes: [] };
  }
  if (ref.path === 'library/python') {
    return { names: new Set(['PYTHON_VERSION', 'PYTHON_SHA256', 'GPG_KEY', 'LANG', 'PYTHON_PIP_VERSION', 'PYTHON_GET_PIP_URL', 'PYTHON_SETUPTOOLS_VERSION']), prefixes: [] };
  }
  return undefined;
}

export function baseProvides(ref: ImageRef | undefined, name: string): boolean {
  if (commonEnv.has(name)) {
    return true;
  }
  const env = ref ? knownBaseEnv(ref) : undefined;
  return env !== undefined && (env.names.has(name) || env.prefixes.some((p) => name.startsWith(p)));
}
