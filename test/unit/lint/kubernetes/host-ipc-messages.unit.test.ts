import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

describe('MLK110 on GPU pods', () => {
  const pod = (volumes: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostIPC: true\n  containers:\n    - name: vllm\n      image: registry.example/vllm:1.0.0\n      resources: {limits: {amd.com/gpu: 1}}\n${volumes}`;

  it('tells a pod that already mounts a memory-backed /dev/shm to remove hostIPC, with a fix that removes only that line', () => {
    // ROCm/k8s-device-plugin example/vllm-serve/deployment.yaml keeps hostIPC beside its emptyDir and was told to add the emptyDir.
    const text = pod('      volumeMounts:\n        - {name: shm, mountPath: /dev/shm}\n  volumes:\n    - name: shm\n      emptyDir: {medium: Memory, sizeLimit: 8Gi}\n');
    const [f] = lintManifest(text).findings.filter((x) => x.ruleId === 'MLK110');
    assert.equal(f?.message, 'hostIPC: true shares the node IPC namespace, and the pod already mounts a memory-backed /dev/shm, which is all ML frameworks need from it; remove hostIPC.');
    assert.equal(f?.fix?.title, 'Remove hostIPC');
    assert.deepEqual(f?.fix?.edits, [{ range: { start: { line: 5, column: 1 }, end: { line: 6, column: 1 } }, newText: '' }]);
  });

  it('still offers the memory-backed /dev/shm to a pod without one', () => {
    const [f] = lintManifest(pod('')).findings.filter((x) => x.ruleId === 'MLK110');
    assert.match(f?.message ?? '', /mount an emptyDir with medium: Memory and a sizeLimit at \/dev\/shm instead/);
    assert.equal(f?.fix?.title, 'Replace hostIPC with a memory-backed /dev/shm');
  });
});
