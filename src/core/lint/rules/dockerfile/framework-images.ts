import type { ImageRef } from '../../dockerfile/image-ref';
import { isNgcPytorch, isPytorchImage } from '../../dockerfile/image-ref';

/** The ML framework a base image ships installed. */
export interface ImageFramework {
  /** torch, tensorflow or jax. */
  name: string;
  /** Requirements whose install brings the framework into an environment that lacks it (torchvision pins its torch). */
  packages: ReadonlySet<string>;
  /** NVIDIA's own build (NGC, JAX-Toolbox), not the stock wheel. */
  nvidia: boolean;
}

const torchPackages = new Set(['torch', 'torchvision', 'torchaudio']);
const tensorflowPackages = new Set(['tensorflow', 'tensorflow-gpu', 'tensorflow-cpu', 'tf-nightly']);
const jaxPackages = new Set(['jax', 'jaxlib']);

function nvidiaImage(ref: ImageRef, name: string): boolean {
  return (ref.domain === 'nvcr.io' || ref.domain === 'ghcr.io') && ref.path === `nvidia/${name}`;
}

/** `tensorflow/tensorflow` (or a mirror's copy), except its `devel` and `custom-op` build images, which hold no TensorFlow. */
function tensorflowImage(ref: ImageRef): boolean {
  const hub = ref.path === 'tensorflow/tensorflow' || ref.path.endsWith('/tensorflow/tensorflow');
  return hub && !/devel|custom-op/.test(ref.tag ?? '');
}

/** The framework the image ships: PyTorch's and NVIDIA's PyTorch images, TensorFlow's and NVIDIA's, NVIDIA's JAX images. */
export function imageFramework(ref: ImageRef): ImageFramework | undefined {
  if (isNgcPytorch(ref) || isPytorchImage(ref)) {
    return { name: 'torch', packages: torchPackages, nvidia: isNgcPytorch(ref) };
  }
  if (nvidiaImage(ref, 'tensorflow') || tensorflowImage(ref)) {
    return { name: 'tensorflow', packages: tensorflowPackages, nvidia: ref.domain === 'nvcr.io' };
  }
  return nvidiaImage(ref, 'jax') ? { name: 'jax', packages: jaxPackages, nvidia: true } : undefined;
}
