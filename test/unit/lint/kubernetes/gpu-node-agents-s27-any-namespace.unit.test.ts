import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

const ids = (text: string, rules: readonly string[]) =>
  lintManifest(text)
    .findings.filter((f) => rules.includes(f.ruleId))
    .map((f) => `${f.ruleId}@${f.range.start.line}`);

const hostRules = ['MLK101', 'MLK108', 'MLK109', 'MLK112'];

/** A workload of this kind whose pod runs these app containers with host access, privileged, in no namespace unless given. */
function hostAgent(options: { kind?: string; namespace?: string; images: readonly string[] }): string {
  return [
    'apiVersion: apps/v1',
    `kind: ${options.kind ?? 'DaemonSet'}`,
    'metadata:',
    '  name: agent',
    ...(options.namespace !== undefined ? [`  namespace: ${options.namespace}`] : []),
    'spec:',
    '  selector: {matchLabels: {app: agent}}',
    '  template:',
    '    metadata: {labels: {app: agent}}',
    '    spec:',
    '      hostPID: true',
    '      hostNetwork: true',
    '      containers:',
    ...options.images.flatMap((image, i) => [`        - name: c${i}`, `          image: ${image}`, '          securityContext: {privileged: true}', '          volumeMounts: [{name: host-sys, mountPath: /sys}]']),
    '      volumes:',
    '        - {name: host-sys, hostPath: {path: /sys}}',
    '',
  ].join('\n');
}

describe('GPU node-agent DaemonSets need the host whatever their namespace (trap T27)', () => {
  it('NVIDIA, AMD and Intel node-infrastructure images, behind a registry or mirror prefix, with any tag or digest', () => {
    for (const image of [
      'nvcr.io/nvidia/k8s-device-plugin:v0.17.0',
      'nvidia/k8s-device-plugin:1.0.0-beta4',
      'nvcr.io/nvidia/gpu-feature-discovery:v0.8.2',
      'nvcr.io/nvidia/k8s/dcgm-exporter:3.3.7-3.5.0-ubuntu22.04',
      'nvcr.io/nvidia/cloud-native/k8s-mig-manager:v0.8.0-ubuntu20.04',
      'nvcr.io/nvidia/k8s/container-toolkit:v1.16.1-ubuntu20.04',
      'nvcr.io/nvidia/driver:550.90.07-ubuntu22.04',
      'nvcr.io/nvidia/cloud-native/gpu-operator-validator:v24.6.1',
      'registry.example:5000/mirror/nvcr.io/nvidia/k8s-device-plugin@sha256:0000000000000000000000000000000000000000000000000000000000000000',
      'rocm/k8s-device-plugin:labeller-latest',
      'docker.io/rocm/k8s-node-labeller:latest',
      'intel/intel-gpu-plugin:0.32.0',
    ]) {
      assert.deepEqual(ids(hostAgent({ images: [image] }), hostRules), [], image);
      assert.deepEqual(ids(hostAgent({ namespace: 'ml-platform', images: [image] }), hostRules), [], image);
    }
  });

  it('still flags the same pod as a Deployment, beside another image, or with look-alike images', () => {
    const all = ['MLK101@15', 'MLK108@11', 'MLK109@10', 'MLK112@18'];
    assert.deepEqual(ids(hostAgent({ kind: 'Deployment', images: ['nvcr.io/nvidia/k8s-device-plugin:v0.17.0'] }), hostRules).sort(), all);
    for (const image of ['registry.example/driver:1', 'registry.example/k8s-device-plugin-fork:1', 'ghcr.io/someone/nvidia-driver:1', 'registry.example/nvidia/tools:1']) {
      assert.deepEqual(ids(hostAgent({ images: [image] }), hostRules).sort(), all, image);
    }
    // The privileged sidecar is reported; the node agent beside it is not spared either, since the pod is no longer only a node agent.
    assert.deepEqual(ids(hostAgent({ images: ['nvcr.io/nvidia/k8s-device-plugin:v0.17.0', 'busybox:1.36'] }), hostRules).sort(), ['MLK101@15', 'MLK101@19', 'MLK108@11', 'MLK109@10', 'MLK112@22']);
  });

  it('leaves the generic security rules to report what they report (only host access is spared)', () => {
    assert.ok(ids(hostAgent({ images: ['nvcr.io/nvidia/k8s-device-plugin:v0.17.0'] }), ['MLK103']).length > 0);
  });
});
