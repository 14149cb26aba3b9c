import { memoByString } from './string-memo';

/** An image of TensorFlow: `tensorflow/tensorflow`, NVIDIA's `tensorflow`, a name with a `tf`/`tf2` word (`example-tf-gpu`, `tf2-gpu.2-13`). */
export const tensorflowImage = memoByString((repository: string): boolean => {
  const name = repository.slice(repository.lastIndexOf('/') + 1);
  return name.split(/[-_.]/).some((word) => word === 'tensorflow' || /^tf2?$/.test(word));
});

/** PyTorch and what runs on it (DeepSpeed, Accelerate, vLLM, SGLang): its DataLoader workers and tensors share /dev/shm. */
export const torchRe = /torch|deepspeed|accelerate|vllm|sglang/i;

/** Horovod or an MPI launcher: one process per GPU, NCCL between them. */
export const launcherRe = /horovod|mpirun|mpiexec/i;
