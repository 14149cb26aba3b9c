import type { PodContainer } from '../../kubernetes/model';
import { commandWords } from '../../kubernetes/gpu';
import { parallelLayout } from '../../server-parallelism';
import type { TensorParallelServer } from '../../tensor-parallel-servers';
import { dataLoaderWorkersWritten } from './dataloader-workers';
import { trains } from './shm-reasons';

/** vLLM's spellings of the tensor-parallel size (SGLang reads the long one too). */
const tensorParallelFlags = new Set(['--tensor-parallel-size', '-tp']);

/** The word may be one of tensorParallelFlags, alone or with `=` (`--tensor_parallel_size` reads as `--tensor-parallel-size`). */
function mayBeTensorParallelFlag(word: string): boolean {
  return word.startsWith('--tensor') || word === '-tp' || word.startsWith('-tp=');
}

/**
 * The server of a pod whose image and command name none (`vllm-frontend:latest` with args `-- --tensor-parallel-size=1`)
 * but whose command line (a KServe model's and its runtime's together) writes vLLM's tensor-parallel size as 1, every
 * other parallel size 1, no DataLoader workers above 0, and does not train: vLLM with one worker, as far as MLK405 cares.
 */
export function unnamedOneWorkerServer(on: PodContainer, runs: PodContainer): TensorParallelServer | undefined {
  const words = runs === on ? commandWords(on.obj.view, on.c.node) : [...commandWords(runs.obj.view, runs.c.node), ...commandWords(on.obj.view, on.c.node)];
  // No word can be a tensor-parallel flag (most commands): no layout to read.
  if (!words.some(mayBeTensorParallelFlag)) {
    return undefined;
  }
  const layout = parallelLayout('vLLM', words, []);
  if (layout?.gpus !== 1 || !layout.sizes.some((s) => tensorParallelFlags.has(s.flag))) {
    return undefined;
  }
  return (dataLoaderWorkersWritten(words) ?? 0) === 0 && !trains(runs) ? 'vLLM' : undefined;
}
