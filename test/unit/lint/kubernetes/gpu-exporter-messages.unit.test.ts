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

describe('MLK304 does not warn a GPU smoke check about model downloads', () => {
  it("names what CUDA's vectorAdd sample and a demo-suite run write", () => {
    const generic = 'container "c" has no ephemeral-storage request or limit, so what it writes to its filesystem (logs, caches, temporary files) can fill the node disk and get pods evicted; set resources.requests/limits.ephemeral-storage.';
    assert.deepEqual(messages('nvcr.io/nvidia/k8s/cuda-sample:vectoradd-cuda12.5.0', 'MLK304'), [generic]);
    const demoSuite = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: nvidia/cuda:12.5.0-devel-ubuntu22.04\n      command: [bash, -c, "nvidia-smi\\napt-get update -y && \\\\\\nDEBIAN_FRONTEND=noninteractive apt-get install -y cuda-demo-suite-12-5\\n/usr/local/cuda/extras/demo_suite/deviceQuery\\n/usr/local/cuda/extras/demo_suite/bandwidthTest --device=all --csv\\n"]\n      resources: {limits: {nvidia.com/gpu: 1}}\n`;
    assert.deepEqual(lintManifest(demoSuite).findings.filter((f) => f.ruleId === 'MLK304').map((f) => f.message), [generic]);
  });
});
