import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';

/** What MLC405 gives as the reason, between "which is" and the advice. */
const reasons = (text: string): (string | undefined)[] =>
  lintCompose(text, { config: emptyConfig() })
    .findings.filter((f) => f.ruleId === 'MLC405')
    .map((f) => /, which is (.*); (?:set shm_size|reserve a GPU)/.exec(f.message)?.[1]);

/** One service `app` of `image` running `command`, with `gpus` (omitted: none requested) and extra `lines`. */
function service(image: string, command: string, gpus?: string, lines: readonly string[] = []): string {
  return ['services:', '  app:', `    image: ${image}`, `    command: ${command}`, ...lines.map((l) => `    ${l}`), ...(gpus === undefined ? [] : [`    gpus: ${gpus}`]), ''].join('\n');
}
const countOf = (n: number): string => `[{driver: nvidia, count: ${n}}]`;

const dataLoaderWorkers = 'PyTorch DataLoader workers (they pass batches through /dev/shm)';
const unknownProgram = `too small for ${dataLoaderWorkers} and other multi-process work`;
const tensorParallel = (server: string, lib = 'NCCL') => `too small for ${server}'s tensor parallelism (${lib} and PyTorch pass data between its per-GPU worker processes through /dev/shm)`;

describe('MLC405 names NCCL and tensor parallelism only from evidence, where a service requests no GPU too', () => {
  it('the fixture: SGLang at --tp 1 on two GPUs and vLLM without a GPU get the generic reason', () => {
    const text = fs.readFileSync(path.join(process.cwd(), 'test', 'fixtures', 'lint', 'compose', 'MLC405', 'fail', 'llm-server-one-worker-on-several-gpus.yaml'), 'utf8');
    assert.deepEqual(reasons(text), [unknownProgram, unknownProgram]);
  });

  it("a GPU-only image that requests no GPU: no multi-GPU NCCL, but vLLM's tensor parallelism where its size reads above 1", () => {
    const messages = lintCompose(service('vllm/vllm-openai:v0.9.2', '--model Qwen/Qwen3-8B'), { config: emptyConfig() }).findings.filter((f) => f.ruleId === 'MLC405').map((f) => f.message);
    assert.equal(messages.length, 1);
    assert.match(messages[0] ?? '', /^Service "app" runs vLLM's CUDA image, which needs an NVIDIA GPU, but requests none, so it starts without one, and it keeps Docker's 64 MB default \/dev\/shm, which is too small for PyTorch DataLoader workers \(they pass batches through \/dev\/shm\) and other multi-process work; reserve a GPU/);
    assert.doesNotMatch(messages[0] ?? '', /NCCL/);
    assert.deepEqual(reasons(service('vllm/vllm-openai:v0.9.2', '--model Qwen/Qwen3-32B --tensor-parallel-size 2')), [tensorParallel('vLLM')]);
    assert.deepEqual(reasons(service('nvcr.io/nim/meta/llama-3.1-8b-instruct:1.3.3', '""')), [`too small if it runs ${dataLoaderWorkers} or other multi-process work`]);
  });

  it('vLLM and SGLang at parallel size 1 (written or by default), TGI with one shard written, on several GPUs: one worker, no NCCL', () => {
    for (const text of [
      service('vllm/vllm-openai:v0.9.2', '--model Qwen/Qwen3-8B', countOf(2)),
      service('vllm/vllm-openai:v0.9.2', '--model Qwen/Qwen3-8B', 'all'),
      service('vllm/vllm-openai:v0.9.2', '--model Qwen/Qwen3-8B --tensor_parallel_size=1', countOf(4)),
      service('lmsysorg/sglang:v0.5.0-cu126', 'python3 -m sglang.launch_server --model-path Qwen/Qwen3-8B --tp 1', countOf(2)),
      service('ghcr.io/huggingface/text-generation-inference:3.3.4', '--model-id Qwen/Qwen3-8B', countOf(2), ['environment: [NUM_SHARD=1]']),
    ]) {
      assert.deepEqual(reasons(text), [unknownProgram], text);
    }
  });

  it('keeps tensor parallelism where several workers may run: a size above 1 or unread, another executor, TGI without shards or with an env_file', () => {
    for (const text of [
      service('vllm/vllm-openai:v0.9.2', '--model Qwen/Qwen3-8B -tp 2', countOf(2)),
      service('vllm/vllm-openai:v0.9.2', '--model Qwen/Qwen3-8B --tensor-parallel-size $TP', countOf(2)),
      service('vllm/vllm-openai:v0.9.2', '--model Qwen/Qwen3-8B --distributed-executor-backend ray', countOf(2)),
    ]) {
      assert.deepEqual(reasons(text), [tensorParallel('vLLM')], text);
    }
    assert.deepEqual(reasons(service('ghcr.io/huggingface/text-generation-inference:3.3.4', '--model-id Qwen/Qwen3-8B', countOf(2))), [tensorParallel('TGI')]);
    assert.deepEqual(reasons(service('ghcr.io/huggingface/text-generation-inference:3.3.4', '--model-id Qwen/Qwen3-8B', countOf(2), ['env_file: tgi.env'])), [tensorParallel('TGI')]);
  });

  it('a program that is no LLM server on several GPUs or under a launcher: NCCL, without naming vLLM, SGLang or tensor parallelism', () => {
    const collectives = (lib: string) => `multi-GPU ${lib} communication (${lib} keeps shared-memory segments in /dev/shm)`;
    assert.deepEqual(reasons(service('registry.example/app:1.0', 'python app.py', countOf(2))), [`too small for PyTorch DataLoader workers and ${collectives('NCCL')}`]);
    assert.deepEqual(reasons(service('registry.example/app:1.0', 'torchrun --nproc_per_node=1 fit.py', countOf(1))), [`too small for PyTorch DataLoader workers and ${collectives('NCCL')}`]);
    const rocm = 'services:\n  app:\n    image: rocm/pytorch:rocm6.2_ubuntu22.04_py3.10_pytorch_release_2.3.0\n    command: python serve.py\n    devices: [/dev/kfd, /dev/dri/renderD128, /dev/dri/renderD129]\n';
    assert.deepEqual(reasons(rocm), [`too small for PyTorch DataLoader workers and ${collectives('RCCL')}`]);
  });

  it('vLLM on ROCm device nodes at its default size: no RCCL; with -tp 2, its tensor parallelism over RCCL', () => {
    const rocm = (command: string) => ['services:', '  vllm:', '    image: vllm/vllm-openai-rocm:v0.11.0', `    command: ${command}`, '    devices: [/dev/kfd, /dev/dri]', ''].join('\n');
    assert.deepEqual(reasons(rocm('--model Qwen/Qwen3-8B')), [unknownProgram]);
    assert.deepEqual(reasons(rocm('--model Qwen/Qwen3-8B -tp 2')), [tensorParallel('vLLM', 'RCCL')]);
  });
});
