import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../src/core/lint/config';
import { lintCompose } from '../../../src/core/lint/compose/lint';
import { lintManifest } from '../../../src/core/lint/kubernetes/lint';
import type { ParallelServer } from '../../../src/core/lint/server-parallelism';
import { keepsToOneGpu, parallelLayout, serverParallelism } from '../../../src/core/lint/server-parallelism';

const words = (line: string) => line.split(' ');
const layoutGpus = (server: ParallelServer, line: string, env: { name: string; value?: string }[] = []) => parallelLayout(server, words(line), env)?.gpus;
const composeMessages = (text: string, id: string) => lintCompose(text, { config: emptyConfig() }).findings.filter((f) => f.ruleId === id).map((f) => f.message);

/** A Compose file whose one service `name` runs `image` with `command` on every GPU (`gpus: all`), with extra `lines`. */
function allGpus(name: string, image: string, command: string, lines: readonly string[] = []): string {
  return [`services:`, `  ${name}:`, `    image: ${image}`, `    command: ${command}`, `    gpus: all`, ...lines.map((l) => `    ${l}`), ''].join('\n');
}

describe('server-parallelism: one reader of LLM servers’ parallel-size flags', () => {
  it('keeps a repeated flag’s last value in every reading, as argparse does', () => {
    assert.equal(serverParallelism('vLLM', words('vllm serve m -tp 2 -tp 4'), []), 4);
    assert.equal(layoutGpus('vLLM', 'vllm serve m -tp 2 -tp 4'), 4);
    assert.equal(serverParallelism('SGLang', words('python3 -m sglang.launch_server --tp 4 --tp-size 1'), []), 1);
    assert.equal(keepsToOneGpu('vLLM', words('vllm serve m --tensor-parallel-size 2 --tensor-parallel-size 1'), []), true);
  });

  it('reads TGI’s NUM_SHARD only when --num-shard is not given (clap’s env fallback)', () => {
    assert.equal(serverParallelism('TGI', words('text-generation-launcher --num-shard 1'), [{ name: 'NUM_SHARD', value: '2' }]), 1);
    assert.equal(serverParallelism('TGI', words('text-generation-launcher --num-shard 1'), [{ name: 'NUM_SHARD', value: '$(SHARDS)' }]), 1);
    assert.equal(serverParallelism('TGI', words('text-generation-launcher'), [{ name: 'NUM_SHARD', value: '1' }, { name: 'NUM_SHARD', value: '2' }]), 2);
  });

  it('reads LMDeploy’s --tp alone as its GPUs, and leaves data, expert and context parallelism, nodes and ranks unread', () => {
    assert.equal(layoutGpus('LMDeploy', 'lmdeploy serve api_server m --tp 2'), 2);
    assert.equal(layoutGpus('LMDeploy', 'lmdeploy serve api_server m --tp=4 --tp 2 --dp 1'), 2);
    for (const unread of ['--tp 2 --dp 2', '--ep 2', '--cp 2', '--tp $TP', '--tp 2 --nnodes 2', '--tp 2 --node-rank 0', '--dp-rank 1']) {
      assert.equal(layoutGpus('LMDeploy', `lmdeploy serve api_server m ${unread}`), undefined, unread);
    }
    assert.equal(keepsToOneGpu('LMDeploy', words('lmdeploy serve api_server m --backend pytorch'), []), true);
    assert.equal(keepsToOneGpu('LMDeploy', words('lmdeploy serve api_server m --dp 2'), []), false);
  });

  it('says a server keeps to one GPU whatever executor runs its worker, but not TGI without a shard count', () => {
    assert.equal(keepsToOneGpu('vLLM', words('vllm serve m --distributed-executor-backend ray'), []), true);
    assert.equal(serverParallelism('vLLM', words('vllm serve m --distributed-executor-backend ray'), []), undefined);
    assert.equal(keepsToOneGpu('TGI', words('text-generation-launcher --model-id m'), []), false);
    assert.equal(keepsToOneGpu('vLLM', words('vllm serve m --tensor-parallel-size ${TP}'), []), false);
  });
});

describe('MLC408 reads model servers through the shared reader', () => {
  it('counts SGLang’s DP attention ranks on the tensor-parallel group’s GPUs', () => {
    const [message] = composeMessages(allGpus('sglang', 'lmsysorg/sglang:v0.5.0-cu126', 'python3 -m sglang.launch_server --model-path deepseek-ai/DeepSeek-V3 --tp 8 --dp 8 --enable-dp-attention'), 'MLC408');
    assert.match(message ?? '', /^GPU service "sglang" runs SGLang on 8 GPUs \(--tp 8\) but/);
    assert.match(message ?? '', /so reserve count: 8 and/);
  });

  it('names LMDeploy’s tensor-parallel GPUs, and no count for its data-parallel ranks (one GPU each)', () => {
    assert.match(composeMessages(allGpus('lmdeploy', 'openmmlab/lmdeploy:v0.10.0-cu12', 'lmdeploy serve api_server Qwen/Qwen3-32B --tp 2'), 'MLC408')[0] ?? '', /^GPU service "lmdeploy" runs LMDeploy on 2 GPUs \(--tp 2\) but/);
    const dp = composeMessages(allGpus('lmdeploy', 'openmmlab/lmdeploy:v0.10.0-cu12', 'lmdeploy serve api_server Qwen/Qwen3-30B-A3B --backend pytorch --tp 2 --dp 2 --proxy-url http://proxy:8000'), 'MLC408');
    assert.match(dp[0] ?? '', /^GPU service "lmdeploy" may use several GPUs \(all GPUs requested\) but/);
    assert.doesNotMatch(dp[0] ?? '', /reserve count/);
  });

  it('reads vLLM’s underscored flags, and gives no per-node count for several nodes', () => {
    assert.match(composeMessages(allGpus('vllm', 'vllm/vllm-openai:v0.10.1', '--model Qwen/Qwen3-32B --tensor_parallel_size 2'), 'MLC408')[0] ?? '', /^GPU service "vllm" runs vLLM on 2 GPUs \(--tensor-parallel-size 2\) but/);
    const nodes = composeMessages(allGpus('vllm', 'vllm/vllm-openai:v0.10.1', '--model Qwen/Qwen3-235B -tp 4 --nnodes 2 --node-rank 0 --master-addr head'), 'MLC408');
    assert.match(nodes[0] ?? '', /^GPU service "vllm" may use several GPUs \(all GPUs requested\) but/);
  });

  it('still leaves a one-worker server alone whatever executor or offset it names', () => {
    assert.deepEqual(composeMessages(allGpus('vllm', 'vllm/vllm-openai:v0.10.1', '--model Qwen/Qwen3-8B --distributed-executor-backend ray'), 'MLC408'), []);
    assert.deepEqual(composeMessages(allGpus('sglang', 'lmsysorg/sglang:v0.5.0-cu126', 'python3 -m sglang.launch_server --model-path Qwen/Qwen3-8B --base-gpu-id 1'), 'MLC408'), []);
  });

  it('says a MIG device named by GPU and MIG index in NVIDIA_VISIBLE_DEVICES does not narrow a GPU request either', () => {
    const [message] = composeMessages(allGpus('trainer', 'acme/trainer:1.0', 'torchrun --nproc-per-node 2 train.py', ['environment:', '  NVIDIA_VISIBLE_DEVICES: "0:1"']), 'MLC408');
    assert.match(message ?? '', /; NVIDIA_VISIBLE_DEVICES=0:1 does not narrow the GPUs it reserves/);
  });
});

describe('MLK405 and MLC405 read the last size of a repeated flag', () => {
  const pod = (args: readonly string[], env = '') =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: server\nspec:\n  containers:\n    - name: server\n      image: vllm/vllm-openai:v0.10.1\n      args: ${JSON.stringify(args)}\n${env}      resources:\n        limits:\n          nvidia.com/gpu: 1\n`;
  const mlk405 = (text: string) => lintManifest(text).findings.filter((f) => f.ruleId === 'MLK405');

  it('leaves a vLLM container on one GPU alone when its last tensor-parallel size is 1', () => {
    assert.deepEqual(mlk405(pod(['--model', 'm', '-tp', '2', '-tp', '1'])), []);
    assert.equal(mlk405(pod(['--model', 'm', '-tp', '1', '-tp', '2'])).length, 1);
  });

  it('leaves a TGI service on one GPU alone when --num-shard 1 overrides NUM_SHARD', () => {
    const tgi = (shards: string) => `services:\n  tgi:\n    image: ghcr.io/huggingface/text-generation-inference:3.3.4\n    command: --model-id m${shards}\n    environment:\n      NUM_SHARD: 2\n    gpus:\n      - driver: nvidia\n        count: 1\n`;
    assert.deepEqual(composeMessages(tgi(' --num-shard 1'), 'MLC405'), []);
    assert.equal(composeMessages(tgi(''), 'MLC405').length, 1);
  });
});
