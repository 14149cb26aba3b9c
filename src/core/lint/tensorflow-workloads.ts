import { memoByString } from './string-memo';
import { afterLastSlash } from './after-last-slash';

/**
 * Katib's ENAS trial image (`kubeflowkatib/enas-cnn-cifar10-gpu`, `kubeflow/katib/enas-cnn-cifar10-cpu`, the older
 * `katib/v1beta1/trial-enas-cnn-cifar10-gpu`): a Keras CNN on NVIDIA's TensorFlow image. Its DARTS trial runs PyTorch.
 */
const katibTensorflowTrialRe = /katib\/(?:v1\w+\/)?(?:trial-)?enas-cnn-cifar10(?:-[cg]pu)?$/;

/**
 * An image of TensorFlow: `tensorflow/tensorflow`, NVIDIA's `tensorflow`, a name with a `tf`/`tf2` word (`example-tf-gpu`,
 * `tf2-gpu.2-13`), or Katib's ENAS trial.
 */
export const tensorflowImage = memoByString((repository: string): boolean => {
  const name = afterLastSlash(repository);
  return name.split(/[-_.]/).some((word) => word === 'tensorflow' || /^tf2?$/.test(word)) || katibTensorflowTrialRe.test(repository);
});

/** PyTorch and what runs on it (DeepSpeed, Accelerate, vLLM, SGLang): its DataLoader workers and tensors share /dev/shm. */
export const torchRe = /torch|deepspeed|accelerate|vllm|sglang/i;

/** Horovod or an MPI launcher: one process per GPU, NCCL between them. */
export const launcherRe = /horovod|mpirun|mpiexec/i;
