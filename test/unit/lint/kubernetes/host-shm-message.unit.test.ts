import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

describe("MLK112 on the node's /dev/shm", () => {
  it('points at a memory-backed emptyDir, the per-pod form of a larger /dev/shm', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: registry.example/x:1\n  volumes:\n    - name: shm\n      hostPath: {path: /dev/shm/}\n';
    assert.deepEqual(
      lintManifest(text).findings.filter((f) => f.ruleId === 'MLK112').map((f) => f.message),
      ['The hostPath volume "shm" mounts the node\'s /dev/shm, shared with every pod and process on the node and limited by nothing; mount an emptyDir with medium: Memory and a sizeLimit at /dev/shm instead.'],
    );
  });
});
