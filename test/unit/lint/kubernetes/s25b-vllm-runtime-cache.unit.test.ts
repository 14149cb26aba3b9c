import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { ruleIds } from './support';

/** MLK419's findings on a manifest, as messages. */
const messages = (text: string): string[] => lintManifest(text).findings.filter((f) => f.ruleId === 'MLK419').map((f) => f.message);

const runtime = (role: string[], head: string[] = []) =>
  ['apiVersion: production-stack.vllm.ai/v1alpha1', 'kind: VLLMRuntime', 'metadata: {name: llama}', 'spec:', ...head, ...role, ''].join('\n');

const role = (indent: string, modelURL: string, extra: string[] = []) =>
  [
    `${indent}model: {modelURL: "${modelURL}"}`,
    ...extra.map((l) => `${indent}${l}`),
    `${indent}deploymentConfig:`,
    `${indent}  resources: {cpu: "4", memory: 32Gi, gpu: "1"}`,
    `${indent}  image: {registry: docker.io, name: "lmcache/vllm-openai:v0.3.13"}`,
  ];

describe('MLK419 on a vLLM production stack VLLMRuntime, in the object’s own fields', () => {
  it('without storageConfig the operator mounts no volume: a hub model downloads at every restart', () => {
    const [message] = messages(runtime(role('  ', 'meta-llama/Llama-3.1-8B-Instruct')));
    assert.match(message ?? '', /^VLLMRuntime "llama" enables no storageConfig/);
    assert.match(message ?? '', /set storageConfig\.enabled: true and point HF_HOME in vllmConfig\.env into its mountPath \(default \/data\)/);
  });

  it('with storageConfig off the cache, the message names its mountPath and the setting to change', () => {
    const storage = ['storageConfig: {enabled: true, mountPath: /models}'];
    assert.match(messages(runtime(role('  ', 'meta-llama/Llama-3.1-8B-Instruct', storage)))[0] ?? '', /mounts its storageConfig volume at \/models, but vLLM downloads the model into \/root\/\.cache\/huggingface.*point HF_HOME in vllmConfig\.env into \/models/);
    const downloadDir = [...storage, 'vllmConfig: {extraArgs: [--download-dir, /tmp/weights]}'];
    assert.match(messages(runtime(role('  ', 'meta-llama/Llama-3.1-8B-Instruct', downloadDir)))[0] ?? '', /into \/tmp\/weights.*point --download-dir in vllmConfig\.extraArgs into \/models/);
  });

  it('each prefill and decode role is judged on its own storageConfig, and named', () => {
    const text = runtime(['  topology:', '    prefill:', ...role('      ', 'meta-llama/Llama-3.2-1B-Instruct', ['storageConfig: {enabled: true}', 'vllmConfig: {env: [{name: HF_HOME, value: /data}]}']), '    decode:', ...role('      ', 'meta-llama/Llama-3.2-1B-Instruct')]);
    const found = messages(text);
    assert.equal(found.length, 1);
    assert.match(found[0] ?? '', /^VLLMRuntime "llama" \(decode\) enables no storageConfig/);
  });

  it('stays silent where the cache is on the claim, or the model is a local path (no download)', () => {
    assert.ok(!ruleIds(runtime(role('  ', 'meta-llama/Llama-3.1-8B-Instruct', ['storageConfig: {enabled: true}', 'vllmConfig: {env: [{name: HF_HOME, value: /data/hf}]}']))).includes('MLK419'));
    assert.ok(!ruleIds(runtime(role('  ', '/models/llama-3.1-8b'))).includes('MLK419'), 'a path in the image');
    assert.ok(!ruleIds(runtime(role('  ', '/data/llama-3.1-8b', ['storageConfig: {enabled: true}']))).includes('MLK419'), 'a path on the claim');
  });

  it('a VLLMRuntime of another API group stays unread', () => {
    assert.ok(!ruleIds(runtime(role('  ', 'meta-llama/Llama-3.1-8B-Instruct')).replace('production-stack.vllm.ai', 'example.com')).includes('MLK419'));
  });
});
