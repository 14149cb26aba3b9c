import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { isGpuExporter } from '../../../../src/core/lint/single-process-servers';
import { tensorParallelServer } from '../../../../src/core/lint/tensor-parallel-servers';

const mlc405 = (text: string) => lintCompose(text, { config: emptyConfig() }).findings.filter((f) => f.ruleId === 'MLC405');

/** One service of `image` running `command`, with `gpus` GPUs reserved (`all` or a count) and extra `lines`. */
function service(image: string, command: string | undefined, gpus: number | 'all', lines: readonly string[] = []): string {
  return [
    'services:',
    '  app:',
    `    image: ${image}`,
    ...(command === undefined ? [] : [`    command: ${command}`]),
    ...lines.map((l) => `    ${l}`),
    '    deploy:',
    '      resources:',
    '        reservations:',
    '          devices:',
    '            - driver: nvidia',
    `              count: ${gpus}`,
    '              capabilities: [gpu]',
    '',
  ].join('\n');
}

describe('MLC405 on one GPU: MLK405’s single-GPU exemptions', () => {
  it('vLLM, SGLang and TGI whose parallel sizes read 1 on one GPU are not reported', () => {
    assert.deepEqual(mlc405(service('vllm/vllm-openai:v0.9.2', '--model Qwen/Qwen3-8B', 1)), []);
    assert.deepEqual(mlc405(service('vllm/vllm-openai:v0.9.2', '--model Qwen/Qwen3-8B --tensor_parallel_size=1', 1)), []);
    assert.deepEqual(mlc405(service('vllm/vllm-openai:v0.9.2', '--model Qwen/Qwen3-8B --distributed-executor-backend uni', 1)), []);
    assert.deepEqual(mlc405(service('lmsysorg/sglang:v0.4.9-cu126', 'python3 -m sglang.launch_server --model-path Qwen/Qwen3-8B', 1)), []);
    assert.deepEqual(mlc405(service('ghcr.io/huggingface/text-generation-inference:3.3.4', '--model-id Qwen/Qwen3-8B', 1)), []);
  });

  it('sizes above 1, unread sizes, another executor or several GPUs are still reported with the server’s reason', () => {
    const reported = [
      service('vllm/vllm-openai:v0.9.2', '--model Qwen/Qwen3-8B -tp 2', 1),
      service('vllm/vllm-openai:v0.9.2', '--model Qwen/Qwen3-8B --tensor-parallel-size $TP', 1),
      service('vllm/vllm-openai:v0.9.2', '--model Qwen/Qwen3-8B --distributed-executor-backend ray', 1),
      service('ghcr.io/huggingface/text-generation-inference:3.3.4', '--model-id Qwen/Qwen3-8B', 1, ['environment: [NUM_SHARD=2]']),
      service('ghcr.io/huggingface/text-generation-inference:3.3.4', '--model-id Qwen/Qwen3-8B', 1, ['environment: {SHARDED: "true"}']),
    ];
    for (const text of reported) {
      const found = mlc405(text);
      assert.equal(found.length, 1, text);
      assert.match(found[0]?.message ?? '', /(?:vLLM|TGI)'s tensor parallelism/);
    }
    for (const text of [service('vllm/vllm-openai:v0.9.2', '--model Qwen/Qwen3-8B', 2), service('vllm/vllm-openai:v0.9.2', '--model Qwen/Qwen3-8B', 'all')]) {
      const found = mlc405(text);
      assert.equal(found.length, 1, text);
      assert.match(found[0]?.message ?? '', /PyTorch DataLoader workers \(they pass batches through \/dev\/shm\) and other multi-process work/, 'one vLLM worker on several GPUs runs no tensor parallelism');
    }
  });

  it('TensorFlow on one GPU is not reported; on several, or under Horovod, NCCL’s all-reduce is the reason', () => {
    assert.deepEqual(mlc405(service('tensorflow/tensorflow:2.17.0-gpu', 'python train.py', 1)), []);
    for (const text of [service('tensorflow/tensorflow:2.17.0-gpu', 'python train.py', 4), service('tensorflow/tensorflow:2.17.0-gpu', 'horovodrun -np 1 python train.py', 1)]) {
      const found = mlc405(text);
      assert.equal(found.length, 1);
      assert.match(found[0]?.message ?? '', /NCCL's all-reduce \(TensorFlow's MirroredStrategy and Horovod/);
    }
    const torch = mlc405(service('tensorflow/tensorflow:2.17.0-gpu', 'python -m torch.distributed.run train.py', 1));
    assert.equal(torch.length, 1, 'PyTorch on a TensorFlow image keeps its DataLoader reason');
    assert.doesNotMatch(torch[0]?.message ?? '', /all-reduce/);
  });

  it('a GPU the linter cannot count (ROCm device nodes) exempts nothing', () => {
    const text = ['services:', '  vllm:', '    image: vllm/vllm-openai-rocm:v0.11.0', '    command: --model Qwen/Qwen3-8B -tp 2', '    devices: [/dev/kfd, /dev/dri]', ''].join('\n');
    const found = mlc405(text);
    assert.equal(found.length, 1);
    assert.match(found[0]?.message ?? '', /vLLM's tensor parallelism \(RCCL/);
  });

  it('vLLM’s ROCm image runs vLLM’s server, and AMD’s device-metrics-exporter is a GPU exporter', () => {
    assert.equal(tensorParallelServer('vllm/vllm-openai-rocm', [], true), 'vLLM');
    assert.equal(tensorParallelServer('acme/vllm-openai-rocm-fork', [], true), undefined);
    assert.ok(isGpuExporter('rocm/device-metrics-exporter'));
    assert.ok(!isGpuExporter('acme/device-metrics-exporters'));
  });
});
