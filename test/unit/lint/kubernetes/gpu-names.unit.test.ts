import * as assert from 'node:assert/strict';
import { isAcceleratorResource, isServingImage } from '../../../../src/core/lint/kubernetes/gpu';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { defaultClusterProfile } from '../../../../src/core/lint/kubernetes/settings';

describe('accelerator resources and serving images by name', () => {
  it('counts the GPU numbers of GPU-sharing schedulers as accelerators, not their memory or core slices', () => {
    const cluster = defaultClusterProfile();
    for (const name of ['volcano.sh/vgpu-number', 'aliyun.com/gpu-count', 'nvidia.com/gpu']) {
      assert.ok(isAcceleratorResource(name, cluster), name);
    }
    for (const name of ['volcano.sh/vgpu-memory', 'aliyun.com/gpu-mem', 'nvidia.com/gpumem']) {
      assert.ok(!isAcceleratorResource(name, cluster), name);
    }
  });

  it('counts GPUs renamed by product (nvidia.com/a40, KubeVirt passthrough names) as accelerators; other nvidia.com names not', () => {
    const cluster = defaultClusterProfile();
    for (const name of ['nvidia.com/a40', 'nvidia.com/rtxa6000', 'nvidia.com/rtx8000', 'nvidia.com/a100', 'nvidia.com/h100', 'nvidia.com/l40s', 'nvidia.com/t4', 'nvidia.com/k80', 'nvidia.com/gh200', 'nvidia.com/GA102GL_A10']) {
      assert.ok(isAcceleratorResource(name, cluster), name);
    }
    for (const name of ['nvidia.com/gpus', 'nvidia.com/gpumem', 'nvidia.com/priority', 'nvidia.com/hostdev', 'nvidia.com/k8s', 'nvidia.com/vgpu']) {
      assert.ok(!isAcceleratorResource(name, cluster), name);
    }
  });

  it('MLK404 on a GPU renamed by product: only clusters that rename GPUs advertise it; no rename to nvidia.com/gpu offered', () => {
    const pod = (resource: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: registry.example/t:1\n      resources: {limits: {${resource}: 1}}\n`;
    const [renamed] = lintManifest(pod('nvidia.com/a40')).findings.filter((f) => f.ruleId === 'MLK404');
    assert.equal(
      renamed?.message,
      'container "c" asks for "nvidia.com/a40", a GPU renamed by its product, which only clusters whose device plugin renames GPUs advertise (the National Research Platform does); elsewhere the pod stays Pending. List it in cluster.acceleratorResources if your cluster advertises it, else request nvidia.com/gpu and select the product with a node affinity on nvidia.com/gpu.product.',
    );
    assert.equal(renamed?.fix, undefined);
    const [typo] = lintManifest(pod('nvidia.com/gpus')).findings.filter((f) => f.ruleId === 'MLK404');
    assert.match(typo?.message ?? '', /which no device plugin advertises/);
    assert.ok(typo?.fix);
  });

  it('MLK404 on a Cloud TPU resource of GKE\'s deprecated TPU Node integration: says so and points to TPU slice node pools, with no rename', () => {
    // GoogleCloudPlatform/container-engine-accelerators demo/tpu-training/resnet-tpu.yaml was told to rename cloud-tpus.google.com/v2 to google.com/tpu, keeping 8.
    const pod = (resource: string) => `apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: c\n          image: registry.example/t:1\n          resources: {limits: {${resource}: 8}}\n`;
    const [tpu] = lintManifest(pod('cloud-tpus.google.com/v2')).findings.filter((f) => f.ruleId === 'MLK404');
    assert.equal(
      tpu?.message,
      'container "c" asks for "cloud-tpus.google.com/v2", a resource of GKE\'s deprecated Cloud TPU integration (TPU Nodes), so the pod stays Pending; run it on a TPU slice node pool instead: request google.com/tpu chips and select cloud.google.com/gke-tpu-accelerator and cloud.google.com/gke-tpu-topology.',
    );
    assert.equal(tpu?.fix, undefined);
    const [typo] = lintManifest(pod('google.com/tpus')).findings.filter((f) => f.ruleId === 'MLK404');
    assert.match(typo?.message ?? '', /use "google\.com\/tpu"/);
    assert.equal(typo?.fix?.edits[0]?.newText, 'google.com/tpu');
  });

  it('MLK404 never suggests another vendor: intel.com/gpu is told of Intel\'s names, with no fix; a typo within a vendor keeps its fix', () => {
    // intel/intel-device-plugins-for-kubernetes demo/intelgpu-pod.yaml was told to use "amd.com/gpu".
    const pod = (resource: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: registry.example/t:1\n      resources: {limits: {${resource}: 1}}\n`;
    const [intel] = lintManifest(pod('intel.com/gpu')).findings.filter((f) => f.ruleId === 'MLK404');
    assert.equal(intel?.message, 'container "c" asks for "intel.com/gpu", which no device plugin advertises, so the pod stays Pending; intel\'s device plugins advertise "gpu.intel.com/i915" or "gpu.intel.com/xe" (or list it in cluster.acceleratorResources).');
    assert.equal(intel?.fix, undefined);
    const [amd] = lintManifest(pod('amd.com/gpus')).findings.filter((f) => f.ruleId === 'MLK404');
    assert.match(amd?.message ?? '', /use "amd\.com\/gpu"/);
    assert.equal(amd?.fix?.edits[0]?.newText, 'amd.com/gpu');
  });

  it('knows serving images re-hosted under other owners by their last segment', () => {
    for (const image of ['aibrix/vllm-openai:v0.7.3', 'registry.example/mirror/vllm-openai@sha256:' + 'a'.repeat(64), 'lmsysorg/sglang:v0.4.6', 'us-docker.pkg.dev/deeplearning-platform-release/gcr.io/huggingface-text-generation-inference-cu121.2-2.ubuntu2204.py310', 'nvcr.io/nvidia/tritonserver:24.08-py3']) {
      assert.ok(isServingImage(image), image);
    }
    for (const image of ['registry.example/vllm-openai-tools:1', 'python:3.12', 'registry.example/sglang-router-ui:1']) {
      assert.ok(!isServingImage(image), image);
    }
  });

  it('a Volcano vGPU pod gets the GPU rules (here /dev/shm)', () => {
    const text = ['apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  containers:', '    - name: train', '      image: registry.example/train:1.0', '      resources: {limits: {volcano.sh/vgpu-number: 1, volcano.sh/vgpu-memory: 8000}}', ''].join('\n');
    assert.ok(lintManifest(text).findings.some((f) => f.ruleId === 'MLK405' && f.range.start.line === 6));
  });
});
