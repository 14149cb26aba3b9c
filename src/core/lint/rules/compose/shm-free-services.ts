import type { ComposeService } from '../../compose/model';
import { mergedGet } from '../../compose/model';
import { environmentEntries } from '../../compose/gpu-programs';
import type { TensorParallelServer } from '../../tensor-parallel-servers';
import type { YamlView } from '../../yaml/access';
import { keepsToOneGpu, serverParallelism } from '../../server-parallelism';
import { launcherRe, tensorflowImage, torchRe } from '../../tensorflow-workloads';

/** The service runs TensorFlow, not PyTorch: a TensorFlow image (`repository`) whose image and command words (`words`) name no PyTorch. */
export function runsTensorflow(repository: string, words: readonly string[]): boolean {
  return tensorflowImage(repository) && !torchRe.test(repository) && !words.some((w) => torchRe.test(w));
}

/**
 * TensorFlow on one GPU needs no large /dev/shm: tf.data prefetches in threads of the one process (not worker processes
 * like PyTorch's DataLoader), and no NCCL runs between GPUs. With several GPUs MirroredStrategy all-reduces through
 * NCCL, which may, and so do Horovod's processes. The same reading as MLK405's (shm-free-workloads.ts).
 */
export function tensorflowOnOneGpu(count: number | 'all' | undefined, repository: string, words: readonly string[]): boolean {
  return count === 1 && runsTensorflow(repository, words) && !launcherRe.test(repository) && !words.some((w) => launcherRe.test(w));
}

/**
 * A vLLM, SGLang or TGI server that keeps its model on the one GPU (`count`) of the service: one worker process, so
 * neither NCCL nor vLLM's shared-memory message queue between workers runs, and /dev/shm is left alone. Its sizes must
 * read as 1 from the command words (`words`) and, for TGI, its variables (NUM_SHARD, SHARDED; an `env_file` may hold
 * them). The same reading as MLK405's (shm-free-workloads.ts).
 */
export function serverOnOneGpu(view: YamlView, s: ComposeService, server: TensorParallelServer, count: number | 'all' | undefined, words: readonly string[]): boolean {
  if (count !== 1 || (server === 'TGI' && mergedGet(view, s, 'env_file') !== undefined)) {
    return false;
  }
  return serverParallelism(server, words, server === 'TGI' ? environmentEntries(view, s) : []) === 1;
}

/**
 * A vLLM, SGLang or TGI server that runs one worker process whatever GPUs the service is given: every parallel size
 * reads 1 from the command words (`words`) and, for TGI, its variables (written: else it shards over every GPU it sees),
 * and no executor but vLLM's in-process `uni` is named. Its API server talks to that worker over ZMQ sockets in the
 * temporary directory, not /dev/shm. MLK405's reading (shm-free-workloads.ts).
 */
export function serverRunsOneWorker(view: YamlView, s: ComposeService, server: TensorParallelServer, words: readonly string[]): boolean {
  if (server === 'TGI' && mergedGet(view, s, 'env_file') !== undefined) {
    return false;
  }
  const env = server === 'TGI' ? environmentEntries(view, s) : [];
  return keepsToOneGpu(server, words, env) && serverParallelism(server, words, env) === 1;
}
