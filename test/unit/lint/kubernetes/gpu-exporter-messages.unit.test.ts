import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

// NVIDIA/dcgm-exporter and utkuozdemir/nvidia_gpu_exporter take a GPU to read its NVML counters: they download no model.
function messages(image: string, id: string): string[] {
  const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: ${image}\n      resources: {limits: {nvidia.com/gpu: 1}}\n`;
  return lintManifest(text).findings.filter((f) => f.ruleId === id).map((f) => f.message);
}

describe('MLK304 does not warn a GPU metrics exporter about model downloads', () => {
  it('names what an exporter writes, and keeps the model download for other GPU containers', () => {
    for (const image of ['nvcr.io/nvidia/k8s/dcgm-exporter:4.6.1-4.8.4-distroless', 'utkuozdemir/nvidia_gpu_exporter:1.2.0']) {
      assert.deepEqual(messages(image, 'MLK304'), ['container "c" has no ephemeral-storage request or limit, so what it writes to its filesystem (logs, caches, temporary files) can fill the node disk and get pods evicted; set resources.requests/limits.ephemeral-storage.'], image);
    }
    assert.deepEqual(messages('registry.example/trainer:1', 'MLK304'), ['container "c" has no ephemeral-storage request or limit, so a model download into its filesystem can fill the node disk and get pods evicted; set resources.requests/limits.ephemeral-storage.']);
  });
});
