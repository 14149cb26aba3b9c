import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

function messages(resources: string, id: string): string[] {
  const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: registry.example/x:1\n      resources: ${resources}\n`;
  return lintManifest(text).findings.filter((f) => f.ruleId === id).map((f) => f.message);
}

describe('resource findings say what Kubernetes does with a limit alone (it becomes the request)', () => {
  it('MLK301: no CPU at all; a CPU limit without a request is the request (see mlk301-s32)', () => {
    assert.deepEqual(messages('{}', 'MLK301'), ['container "c" has no resources.requests.cpu, so the scheduler assumes it needs no CPU; set a CPU request.']);
    assert.deepEqual(messages('{limits: {cpu: "2"}}', 'MLK301'), []);
    assert.deepEqual(messages('{requests: {cpu: 500m}}', 'MLK301'), []);
  });

  it('MLK302: the missing memory fields, and a limit without a request', () => {
    assert.deepEqual(messages('{}', 'MLK302'), ['container "c" has no resources.requests.memory and no resources.limits.memory; set both.']);
    assert.deepEqual(messages('{requests: {memory: 1Gi}}', 'MLK302'), ['container "c" has no resources.limits.memory; set it.']);
    assert.deepEqual(messages('{limits: {memory: 2Gi}}', 'MLK302'), ['container "c" has no resources.requests.memory, so Kubernetes reserves its whole memory limit as the request; set a request that matches its usage.']);
    assert.deepEqual(messages('{requests: {memory: 1Gi}, limits: {memory: 2Gi}}', 'MLK302'), []);
  });
});

describe('MLK407 says what an unsized memory volume does with and without a memory limit', () => {
  const pod = (resources: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: registry.example/x:1\n      resources: ${resources}\n      volumeMounts: [{name: dshm, mountPath: /dev/shm}]\n  volumes:\n    - name: dshm\n      emptyDir: {medium: Memory}\n`;
  const message = (resources: string) => lintManifest(pod(resources)).findings.find((f) => f.ruleId === 'MLK407')?.message;

  it('without a limit: MLK408 reports the unlimited container that mounts it, so MLK407 does not repeat it', () => {
    assert.equal(message('{}'), 'The memory volume "dshm" has no sizeLimit; add one below the memory limit of the containers that mount it.');
  });

  it('with a limit: sized to it, and filling it means an OOM kill', () => {
    assert.match(message('{limits: {memory: 10Gi}}') ?? '', /sized to the pod's memory limit and filling it gets the container OOM-killed/);
  });
});

describe('MLK302 names the memory-backed volume that counts against a missing limit, and only one the container mounts', () => {
  // Shape of opea-project/GenAIInfra's TGI manifest: a memory emptyDir at /dev/shm, a GPU limit and no memory limit.
  const pod = (mounts: string, volumes: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: registry.example/x:1\n      resources: {limits: {nvidia.com/gpu: 1}}\n      volumeMounts: ${mounts}\n  volumes: ${volumes}\n`;
  const memory = '[{name: shm, emptyDir: {medium: Memory, sizeLimit: 1Gi}}]';

  it('a memory-backed /dev/shm', () => {
    assert.deepEqual(lintManifest(pod('[{name: shm, mountPath: /dev/shm}]', memory)).findings.filter((f) => f.ruleId === 'MLK302').map((f) => f.message), [
      'container "c" has no resources.requests.memory and no resources.limits.memory; set both (its memory-backed /dev/shm counts against the limit).',
    ]);
  });

  it('another memory-backed volume, by name', () => {
    assert.deepEqual(lintManifest(pod('[{name: shm, mountPath: /cache}]', memory)).findings.filter((f) => f.ruleId === 'MLK302').map((f) => f.message), [
      'container "c" has no resources.requests.memory and no resources.limits.memory; set both (its memory-backed volume "shm" counts against the limit).',
    ]);
  });

  it('a disk-backed volume: no note', () => {
    assert.deepEqual(lintManifest(pod('[{name: shm, mountPath: /dev/shm}]', '[{name: shm, emptyDir: {}}]')).findings.filter((f) => f.ruleId === 'MLK302').map((f) => f.message), [
      'container "c" has no resources.requests.memory and no resources.limits.memory; set both.',
    ]);
  });
});
