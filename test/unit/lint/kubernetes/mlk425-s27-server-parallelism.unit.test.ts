import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { rule as mlc414Rule } from '../../../../src/core/lint/rules/compose/mlc414-server-uses-fewer-gpus';
import { rule as mlc415Rule } from '../../../../src/core/lint/rules/compose/mlc415-server-parallelism-exceeds-gpus';
import { rule as mlk425Rule } from '../../../../src/core/lint/rules/kubernetes/mlk425-server-uses-fewer-gpus';
import { rule as mlk428Rule } from '../../../../src/core/lint/rules/kubernetes/mlk428-server-parallelism-exceeds-gpus';
import { parallelLayout, serverParallelism } from '../../../../src/core/lint/server-parallelism';

// MLK425 and MLC414 report GPUs left idle; MLK428 and MLC415 a server that needs more GPUs than it gets.
const mlk425 = (text: string) => lintManifest(text, { rules: [mlk425Rule, mlk428Rule] }).findings;
const mlc414 = (text: string) => lintCompose(text, { config: emptyConfig(), rules: [mlc414Rule, mlc415Rule] }).findings;
const gpusOf = (server: 'vLLM' | 'SGLang' | 'TGI', line: string, env: { name: string; value?: string }[] = []) => parallelLayout(server, line.split(' '), env)?.gpus;

/** A Pod whose one container runs `image` with `args`, limited to `gpus` of `resource`, with extra container `lines`. */
function pod(image: string, args: readonly string[], gpus: number | string, resource = 'nvidia.com/gpu', lines: readonly string[] = []): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: server',
    'spec:',
    '  containers:',
    '    - name: server',
    `      image: ${image}`,
    `      args: ${JSON.stringify(args)}`,
    ...lines.map((l) => `      ${l}`),
    '      resources:',
    '        limits:',
    `          ${resource}: ${gpus}`,
    '',
  ].join('\n');
}

describe('parallelLayout: the GPUs one node of a vLLM, SGLang or TGI server uses', () => {
  it('multiplies the sizes, the last value of each flag winning, as argparse reads them', () => {
    assert.equal(gpusOf('vLLM', 'vllm serve m -tp 4 --pipeline_parallel_size=2'), 8);
    assert.equal(gpusOf('vLLM', 'vllm serve m --tensor-parallel-size 2 --data-parallel-size 2'), 4);
    assert.equal(gpusOf('vLLM', 'vllm serve m -tp 2 -tp 4'), 4);
    assert.equal(gpusOf('vLLM', 'vllm serve m'), 1);
    assert.equal(gpusOf('SGLang', 'python3 -m sglang.launch_server --tp 2 --dp-size 2'), 4);
  });

  it('counts SGLang’s DP attention ranks on the tensor-parallel group’s GPUs', () => {
    assert.equal(gpusOf('SGLang', 'python3 -m sglang.launch_server --tp 8 --dp 8 --enable-dp-attention'), 8);
  });

  it('reads nothing for more than one node, workers elsewhere, GPU offsets or sizes it cannot see', () => {
    assert.equal(gpusOf('vLLM', 'vllm serve m -tp 8 --nnodes 2'), undefined);
    assert.equal(gpusOf('vLLM', 'vllm serve m -tp 8 --nnodes 1'), 8);
    assert.equal(gpusOf('vLLM', 'vllm serve m -tp 8 --distributed-executor-backend ray'), undefined);
    assert.equal(gpusOf('vLLM', 'vllm serve m -tp 8 --distributed-executor-backend mp'), 8);
    assert.equal(gpusOf('vLLM', 'vllm serve m -dp 16 -dpl 8'), undefined);
    assert.equal(gpusOf('vLLM', 'vllm serve m -dp 16 --data-parallel-rank 3'), undefined);
    assert.equal(gpusOf('vLLM', 'vllm serve m --tensor-parallel-size $(TP)'), undefined);
    assert.equal(gpusOf('SGLang', 'python3 -m sglang.launch_server --tp 1 --base-gpu-id 1'), undefined);
  });

  it('reads TGI only when --num-shard or NUM_SHARD sets its shards (the flag winning), else it shards over every visible GPU', () => {
    assert.equal(gpusOf('TGI', 'text-generation-launcher --model-id m'), undefined);
    assert.equal(gpusOf('TGI', 'text-generation-launcher --model-id m', [{ name: 'NUM_SHARD', value: '2' }]), 2);
    assert.equal(gpusOf('TGI', 'text-generation-launcher --num-shard 4', [{ name: 'NUM_SHARD', value: '2' }]), 4);
    assert.equal(gpusOf('TGI', 'text-generation-launcher --num-shard 4', [{ name: 'SHARDED', value: 'true' }]), undefined);
  });

  it('leaves serverParallelism as it was (MLK405 and MLC405 read it)', () => {
    assert.equal(serverParallelism('vLLM', ['vllm', 'serve', 'm', '-tp', '2', '--nnodes', '2'], []), 4);
    assert.equal(serverParallelism('TGI', ['text-generation-launcher'], []), 1);
  });
});

describe('MLK425 server-uses-fewer-gpus and MLK428 server-parallelism-exceeds-gpus', () => {
  it('tells a container that needs more GPUs than its limit which flag asks for how many', () => {
    const found = mlk425(pod('vllm/vllm-openai:v0.10.1', ['--model', 'm', '-tp', '4'], 2));
    assert.deepEqual(found.map((f) => [f.ruleId, f.range.start.line, f.message]), [
      ['MLK428', 9, 'container "server" gets 2 GPUs but its -tp 4 needs 4, so vLLM stops at start-up ("World size (4) is larger than the number of available GPUs (2) in this node" on NVIDIA GPUs); lower the parallel sizes to fit 2 GPUs, or raise its nvidia.com/gpu limit to 4.'],
    ]);
  });

  it('tells a container that leaves GPUs idle how to use them or give them back, at its limit when no flag is written', () => {
    const found = mlk425(pod('vllm/vllm-openai:v0.10.1', ['--model', 'm'], '"2"'));
    assert.deepEqual(found.map((f) => [f.ruleId, f.range.start.line, f.message]), [
      ['MLK425', 12, 'container "server" gets 2 GPUs but vLLM without a parallel size uses 1, so 1 of them sits idle while still allocated; set --tensor-parallel-size to 2, or lower its nvidia.com/gpu limit to 1.'],
    ]);
  });

  it('suggests the tensor-parallel size that fills the GPUs with the other sizes kept', () => {
    const [found] = mlk425(pod('vllm/vllm-openai:v0.10.1', ['--model', 'm', '-tp', '2', '-pp', '2'], 8));
    assert.match(found?.message ?? '', /its -tp 2 × -pp 2 use 4, so 4 of them sit idle while still allocated; set -tp to 4, or lower its nvidia.com\/gpu limit to 4\.$/);
  });

  it('leaves shared, sliced or fractional GPUs alone, and HAMi’s memory shares beside a GPU count', () => {
    assert.deepEqual(mlk425(pod('vllm/vllm-openai:v0.10.1', ['--model', 'm', '-tp', '2'], 1, 'nvidia.com/gpu.shared')), []);
    assert.deepEqual(mlk425(pod('vllm/vllm-openai:v0.10.1', ['--model', 'm', '-tp', '2'], 1, 'nvidia.com/mig-1g.10gb')), []);
    assert.deepEqual(mlk425(pod('vllm/vllm-openai:v0.10.1', ['--model', 'm', '-tp', '2'], '1\n          nvidia.com/gpumem: 20000')), []);
  });

  it('reports only a shortfall when a ConfigMap may narrow the visible devices', () => {
    const envFrom = ['envFrom:', '  - configMapRef: {name: vllm}'];
    assert.deepEqual(mlk425(pod('vllm/vllm-openai:v0.10.1', ['--model', 'm'], 2, 'nvidia.com/gpu', envFrom)), []);
    assert.deepEqual(mlk425(pod('vllm/vllm-openai:v0.10.1', ['--model', 'm', '-tp', '4'], 2, 'nvidia.com/gpu', envFrom)).map((f) => f.ruleId), ['MLK428']);
  });

  it('judges a KServe InferenceService’s own vLLM container, not one with multi-node workers', () => {
    const isvc = (worker: string) =>
      `apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: llama\nspec:\n  predictor:\n${worker}    containers:\n      - name: kserve-container\n        image: vllm/vllm-openai:v0.10.1\n        args: ["--model", "m", "--tensor-parallel-size", "2"]\n        resources: {limits: {nvidia.com/gpu: "1"}}\n`;
    assert.deepEqual(mlk425(isvc('')).map((f) => f.ruleId), ['MLK428']);
    assert.deepEqual(mlk425(isvc('    workerSpec:\n      tensorParallelSize: 2\n')), []);
  });
});

describe('MLC414 server-uses-fewer-gpus and MLC415 server-parallelism-exceeds-gpus', () => {
  const compose = (command: string, devices: string) =>
    `services:\n  llm:\n    image: vllm/vllm-openai:v0.10.1\n    command: ${command}\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              ${devices}\n              capabilities: [gpu]\n`;

  it('compares the reservation’s count or device_ids with the parallel sizes', () => {
    assert.deepEqual(mlc414(compose('--model m --tensor-parallel-size 4', 'count: 2')).map((f) => `${f.ruleId} ${f.message}`), [
      'MLC415 Service "llm" gets 2 GPUs but its --tensor-parallel-size 4 needs 4, so vLLM stops at start-up ("World size (4) is larger than the number of available GPUs (2) in this node" on NVIDIA GPUs); lower the parallel sizes to fit 2 GPUs, or raise its GPU reservation to 4.',
    ]);
    assert.deepEqual(mlc414(compose('--model m --tensor-parallel-size 2', 'device_ids: ["0,1"]')), []);
    assert.deepEqual(mlc414(compose('--model m', 'device_ids: ["0", "1"]')).map((f) => [f.ruleId, f.range.start.line]), [['MLC414', 10]]);
  });

  it('leaves `count: all` to the host, and a background server to its script', () => {
    assert.deepEqual(mlc414(compose('--model m --tensor-parallel-size 4', 'count: all')), []);
    const script = `services:\n  llm:\n    image: vllm/vllm-openai:v0.10.1\n    entrypoint: ["sh", "-c", "vllm serve m & python3 worker.py"]\n    gpus:\n      - driver: nvidia\n        count: 2\n`;
    assert.deepEqual(mlc414(script), []);
  });
});
