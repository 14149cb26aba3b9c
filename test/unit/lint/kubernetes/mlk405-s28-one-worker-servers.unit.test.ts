import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { kubernetesFixturesRoot } from './support';

/** What MLK405 says the 64 MB /dev/shm breaks. */
const breaks = (text: string): string[] =>
  lintManifest(text)
    .findings.filter((f) => f.ruleId === 'MLK405')
    .map((f) => f.message.replace(/^.*, which breaks /, '').replace(/; mount an emptyDir.*$/, ''));

const dataLoaderWorkers = 'DataLoader workers (they pass batches through /dev/shm)';
const unknownProgram = `${dataLoaderWorkers} and other multi-process work`;
const tensorParallel = (server: string, lib = 'NCCL') => `${server}'s tensor parallelism (${lib} and PyTorch pass data between its per-GPU worker processes through /dev/shm)`;

const deployment = (image: string, args: string, limits: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: llm}
spec:
  selector: {matchLabels: {app: llm}}
  template:
    metadata: {labels: {app: llm}}
    spec:
      containers:
        - name: server
          image: ${image}
          args: ${args}
          resources: {limits: {${limits}}}
`;
const vllm = (args: string, limits = 'nvidia.com/gpu: 2') => deployment('vllm/vllm-openai:v0.10.1', `[--model, Qwen/Qwen3-8B${args}]`, limits);

describe('MLK405 words an LLM server with one worker by what it runs, not tensor parallelism', () => {
  it('the fixture: vLLM at tensor-parallel size 1 on two GPUs gets the generic reason, without NCCL', () => {
    const text = fs.readFileSync(path.join(kubernetesFixturesRoot, 'MLK405', 'fail', 'llm-server-one-worker-on-several-gpus.yaml'), 'utf8');
    assert.deepEqual(breaks(text), [unknownProgram]);
  });

  it('vLLM and SGLang at parallel size 1 (written or by default), TGI with one shard written, on several GPUs: one worker, no NCCL', () => {
    for (const text of [
      vllm(''),
      vllm(', --tensor-parallel-size, "1", -pp, "1"', 'nvidia.com/gpu: 4'),
      vllm(', --distributed-executor-backend, uni'),
      deployment('lmsysorg/sglang:v0.5.0-cu126', '[python3, -m, sglang.launch_server, --model-path, Qwen/Qwen3-8B, --tp, "1"]', 'nvidia.com/gpu: 2'),
      deployment('ghcr.io/huggingface/text-generation-inference:3.3.4', '[--model-id, Qwen/Qwen3-8B, --num-shard, "1"]', 'nvidia.com/gpu: 2'),
    ]) {
      assert.deepEqual(breaks(text), [unknownProgram], text);
    }
  });

  it('keeps tensor parallelism where several workers may run: a size above 1 or unread, another executor, TGI without shards', () => {
    for (const text of [
      vllm(', --tensor-parallel-size, "2"'),
      vllm(', --tensor-parallel-size, $(TP)'),
      vllm(', --distributed-executor-backend, mp'),
      deployment('ghcr.io/huggingface/text-generation-inference:3.3.4', '[--model-id, Qwen/Qwen3-8B]', 'nvidia.com/gpu: 2'),
    ]) {
      assert.deepEqual(breaks(text), [tensorParallel(text.includes('text-generation') ? 'TGI' : 'vLLM')], text);
    }
  });

  it('keeps tensor parallelism where the pod does not hold the whole server: a LeaderWorkerSet, a ServingRuntime without its InferenceService', () => {
    const lws = `apiVersion: leaderworkerset.x-k8s.io/v1
kind: LeaderWorkerSet
metadata: {name: vllm}
spec:
  leaderWorkerTemplate:
    size: 2
    workerTemplate:
      spec:
        containers:
          - name: vllm-worker
            image: vllm/vllm-openai:v0.10.1
            resources: {limits: {nvidia.com/gpu: "8"}}
`;
    assert.deepEqual(breaks(lws), [tensorParallel('vLLM')]);
    // The InferenceServices that select it add their own arguments, --tensor-parallel-size among them.
    const runtime = `apiVersion: serving.kserve.io/v1alpha1
kind: ServingRuntime
metadata: {name: vllm-runtime}
spec:
  supportedModelFormats: [{name: vLLM, autoSelect: true}]
  containers:
    - name: kserve-container
      image: registry.example/vllm-cuda:0.8.5
      command: [python, -m, vllm.entrypoints.openai.api_server]
      args: [--port=8080, --model=/mnt/models]
`;
    assert.match(breaks(runtime)[0] ?? '', /^vLLM's tensor parallelism/);
  });

  it('a ServingRuntime with its InferenceService in the file reads both: one worker on two GPUs, tensor parallelism with -tp 2', () => {
    const served = (modelArgs: string) => `apiVersion: serving.kserve.io/v1alpha1
kind: ServingRuntime
metadata: {name: vllm-runtime}
spec:
  supportedModelFormats: [{name: vLLM}]
  containers:
    - name: kserve-container
      image: vllm/vllm-openai:v0.10.1
      args: [--port=8080, --model=/mnt/models]
---
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: {name: qwen}
spec:
  predictor:
    model:
      runtime: vllm-runtime
      modelFormat: {name: vLLM}
      storageUri: pvc://models/qwen${modelArgs}
      resources: {limits: {nvidia.com/gpu: "2"}}
`;
    assert.deepEqual(breaks(served('')), [unknownProgram]);
    assert.deepEqual(breaks(served('\n      args: [--tensor-parallel-size=2]')), [tensorParallel('vLLM')]);
  });

  it('without accelerators or on Gaudi, a server with one worker is not named either', () => {
    const cpu = deployment('registry.example/vllm-cpu:0.10.1', '[vllm, serve, Qwen/Qwen2.5-0.5B-Instruct]', 'cpu: 8');
    assert.deepEqual(breaks(cpu), [dataLoaderWorkers]);
    const gaudi = (args: string) => deployment('registry.example/vllm-gaudi:0.8.5', `[vllm, serve, Qwen/Qwen3-8B${args}]`, 'habana.ai/gaudi: 2');
    assert.deepEqual(breaks(gaudi('')), [unknownProgram]);
    assert.deepEqual(breaks(gaudi(', --tensor-parallel-size, "2"')), ["vLLM's tensor parallelism (its worker processes exchange data through /dev/shm)"]);
  });
});
