import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** A vLLM Pod serving `model` behind a 90-second liveness window and no startupProbe. */
function server(model: string): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: server',
    'spec:',
    '  containers:',
    '    - name: vllm',
    '      image: vllm/vllm-openai:v0.10.1',
    `      args: ["--model", "${model}"]`,
    '      livenessProbe:',
    '        httpGet: {path: /health, port: 8000}',
    '        initialDelaySeconds: 60',
    '      resources:',
    '        limits:',
    '          nvidia.com/gpu: 1',
    '',
  ].join('\n');
}

const mlk416 = (model: string) => lintManifest(server(model)).findings.filter((f) => f.ruleId === 'MLK416').length;

describe('MLK416: the model size a model id states', () => {
  it('is silent for models of at most 1B parameters', () => {
    for (const model of ['EleutherAI/pythia-70m', 'facebook/opt-125m', 'Qwen/Qwen2.5-0.5B-Instruct', 'meta-llama/Llama-3.2-1B', 's3://tensorized/EleutherAI/pythia-160m']) {
      assert.equal(mlk416(model), 0, model);
    }
  });

  it('keeps the finding for larger models, and for ids that state no size', () => {
    for (const model of ['mistralai/Mistral-7B-Instruct-v0.3', 'meta-llama/Llama-3.1-70B-Instruct', 'TinyLlama/TinyLlama-1.1B-Chat-v1.0', 'mistralai/Mixtral-8x7B-v0.1', 'TheBloke/llama-7b-4bit', 'google/gemma-3-27b-it', 'my-model']) {
      assert.equal(mlk416(model), 1, model);
    }
  });
});
