import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

const pod = (path: string, limits: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  volumes:\n    - {name: dev, hostPath: {path: ${path}}}\n  containers:\n    - name: c\n      image: rocm/vllm:rocm6.2\n      volumeMounts: [{name: dev, mountPath: ${path}}]\n      resources: {limits: {${limits}}}\n`;
const mlk418 = (text: string) => lintManifest(text).findings.filter((f) => f.ruleId === 'MLK418').map((f) => f.message);

describe('MLK418 on a GPU hostPath tells what the pod already requests', () => {
  it('AMD\'s vLLM example mounts /dev/kfd and /dev/dri beside its amd.com/gpu request: remove them, not request it', () => {
    assert.deepEqual(mlk418(pod('/dev/kfd', 'amd.com/gpu: 1')), [
      'The hostPath volume "dev" exposes /dev/kfd directly, bypassing device-plugin allocation and isolation; remove it: the pod\'s amd.com/gpu request already gives it its devices and driver files, while the hostPath reaches every GPU of the node.',
    ]);
    assert.match(mlk418(pod('/dev/dri', 'amd.com/gpu: 1'))[0] ?? '', /remove it: the pod's amd\.com\/gpu request already gives it/);
    assert.match(mlk418(pod('/usr/local/nvidia', 'nvidia.com/gpu: 1'))[0] ?? '', /remove it: the pod's nvidia\.com\/gpu request already gives it its devices and driver files\.$/);
  });

  it('a pod that requests another vendor\'s devices is still told which resource to request', () => {
    assert.match(mlk418(pod('/dev/kfd', 'nvidia.com/gpu: 1'))[0] ?? '', /; request amd\.com\/gpu in resources\.limits instead\.$/);
  });
});
