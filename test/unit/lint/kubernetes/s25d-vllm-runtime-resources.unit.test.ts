import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** The messages of `ruleId`'s findings on a manifest. */
const messages = (text: string, ruleId: string): string[] => lintManifest(text).findings.filter((f) => f.ruleId === ruleId).map((f) => f.message);

const runtime = (resources: string, apiVersion = 'production-stack.vllm.ai/v1alpha1') =>
  [
    `apiVersion: ${apiVersion}`,
    'kind: VLLMRuntime',
    'metadata: {name: llama}',
    'spec:',
    '  model: {modelURL: /data/llama-3.1-8b}',
    '  storageConfig: {enabled: true}',
    '  deploymentConfig:',
    `    resources: ${resources}`,
    '    image: {registry: docker.io, name: "vllm/vllm-openai:v0.9.0"}',
    '',
  ].join('\n');

describe('MLK301 and MLK302 on a vLLM production stack VLLMRuntime, in its own fields', () => {
  it('name deploymentConfig.resources, whose flat cpu and memory are both request and limit', () => {
    const text = runtime('{gpu: "1"}');
    assert.deepEqual(messages(text, 'MLK301'), ['container "vllm" has no deploymentConfig.resources.cpu, so the scheduler assumes it needs no CPU; set deploymentConfig.resources.cpu (the operator makes it both the request and the limit).']);
    assert.deepEqual(messages(text, 'MLK302'), ['container "vllm" has no deploymentConfig.resources.memory; set it (the operator makes it both the request and the limit).']);
  });

  it('name the role of a topology', () => {
    const text = [
      'apiVersion: production-stack.vllm.ai/v1alpha1',
      'kind: VLLMRuntime',
      'metadata: {name: llama}',
      'spec:',
      '  topology:',
      '    prefill:',
      '      model: {modelURL: /data/llama}',
      '      deploymentConfig:',
      '        resources: {cpu: "4", memory: 32Gi, gpu: "1"}',
      '        image: {registry: docker.io, name: "vllm/vllm-openai:v0.9.0"}',
      '    decode:',
      '      model: {modelURL: /data/llama}',
      '      deploymentConfig:',
      '        resources: {gpu: "1"}',
      '        image: {registry: docker.io, name: "vllm/vllm-openai:v0.9.0"}',
      '',
    ].join('\n');
    assert.deepEqual(messages(text, 'MLK301').map((m) => m.match(/no (\S+),/)?.[1]), ['topology.decode.deploymentConfig.resources.cpu']);
  });

  it('read the operator’s nested requests and limits: a limit alone is also the request', () => {
    assert.deepEqual(messages(runtime('{gpu: "1", requests: {cpu: "2"}, limits: {memory: 32Gi}}'), 'MLK301'), []);
    assert.deepEqual(messages(runtime('{gpu: "1", requests: {cpu: "2"}, limits: {memory: 32Gi}}'), 'MLK302'), []);
    assert.deepEqual(messages(runtime('{gpu: "1", limits: {cpu: "4", memory: 32Gi}}'), 'MLK301'), []);
  });

  it('a memory request without a limit asks for the limit in the object’s fields', () => {
    assert.deepEqual(messages(runtime('{cpu: "4", gpu: "1", requests: {memory: 16Gi}}'), 'MLK302'), ['container "vllm" has no memory limit; set deploymentConfig.resources.memory or deploymentConfig.resources.limits.memory.']);
  });

  it('stay silent where the flat fields are set', () => {
    const text = runtime('{cpu: "4", memory: 32Gi, gpu: "1"}');
    assert.deepEqual([...messages(text, 'MLK301'), ...messages(text, 'MLK302')], []);
  });

  it('a VLLMRuntime of another API group stays unread', () => {
    assert.deepEqual(messages(runtime('{gpu: "1"}', 'example.com/v1'), 'MLK301'), []);
  });
});
