import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

const pod = (resource: string) => `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: c
      image: registry.example/c:1
      securityContext: {privileged: true}
      resources:
        limits: {${resource}: 1}
`;

const mlk418 = (text: string) => lintManifest(text).findings.filter((f) => f.ruleId === 'MLK418').map((f) => f.message);

describe('MLK418 advice for privileged accelerator containers', () => {
  it('a TPU container is told that GKE needs privileged TPU containers only before 1.28', () => {
    const [message, ...rest] = mlk418(pod('google.com/tpu'));
    assert.equal(rest.length, 0);
    assert.match(message ?? '', /google\.com\/tpu .*before version 1\.28/);
    assert.doesNotMatch(message ?? '', /request GPUs through resources\.limits/);
  });

  it('a container that already requests its GPU is told its request gives it its devices', () => {
    assert.match(mlk418(pod('amd.com/gpu'))[0] ?? '', /its amd\.com\/gpu request already gives it its devices/);
  });

  it('a privileged container without an accelerator request is told to request GPUs through limits', () => {
    const text = pod('cpu').replace('image: registry.example/c:1', 'image: registry.example/c:1\n      env: [{name: NVIDIA_VISIBLE_DEVICES, value: all}]');
    assert.match(mlk418(text)[0] ?? '', /request GPUs through resources\.limits/);
  });

  it('a privileged sidecar beside the GPU container (GKE GPUDirect-TCPXO daemon) is told what privileged exposes to it', () => {
    // nima-rezaeian-ai/gcp-benchmarks nccl-test-2.yaml (trimmed): the daemon asks for no GPU; the NCCL container asks for 8.
    const text = `apiVersion: v1
kind: Pod
metadata: {name: nccl}
spec:
  containers:
    - name: tcpxo-daemon
      image: us-docker.pkg.dev/gce-ai-infra/gpudirect-tcpxo/tcpgpudmarxd-dev:v1.0.6-sctp
      securityContext: {privileged: true}
    - name: nccl-test
      image: us-docker.pkg.dev/gce-ai-infra/gpudirect-tcpxo/nccl-plugin-gpudirecttcpx-dev:v1.0.0
      resources:
        limits: {nvidia.com/gpu: 8}
`;
    assert.deepEqual(mlk418(text), [
      'container "tcpxo-daemon" runs privileged in a GPU pod, which exposes every GPU of the node to it, outside the device plugin\'s allocation; drop privileged and add only the capabilities it needs (GPUDirect/RDMA network daemons: justify with a suppression and a reason).',
    ]);
  });
});

describe('MLK418 names the device plugin a hostPath GPU device is requested from', () => {
  const pod = (path: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: registry.example/app:1\n  volumes:\n    - name: gpu\n      hostPath: {path: ${path}}\n`;
  const advice = (path: string) => lintManifest(pod(path)).findings.filter((f) => f.ruleId === 'MLK418').map((f) => f.message.slice(f.message.indexOf('; ') + 2));
  it('Intel or AMD render nodes, AMD compute, NVIDIA devices', () => {
    assert.deepEqual(advice('/dev/dri'), ['request gpu.intel.com/i915 (Intel) or amd.com/gpu (AMD) in resources.limits instead.']);
    assert.deepEqual(advice('/dev/kfd'), ['request amd.com/gpu in resources.limits instead.']);
    assert.deepEqual(advice('/dev/nvidia0'), ['request nvidia.com/gpu in resources.limits instead.']);
  });
});
