import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

const ids = (text: string, rules: readonly string[]) =>
  lintManifest(text)
    .findings.filter((f) => rules.includes(f.ruleId))
    .map((f) => `${f.ruleId}@${f.range.start.line}`);

const messages = (text: string, rule: string) =>
  lintManifest(text)
    .findings.filter((f) => f.ruleId === rule)
    .map((f) => f.message);

/** AKS's driver installer DaemonSet (after Azure/aks-gpu manifests.yaml), running `image`, as `kind`. */
function installer(image: string, kind = 'DaemonSet'): string {
  return [
    'apiVersion: apps/v1',
    `kind: ${kind}`,
    'metadata: {name: nsenter}',
    'spec:',
    '  selector: {matchLabels: {app: nsenter}}',
    '  template:',
    '    metadata: {labels: {app: nsenter}}',
    '    spec:',
    '      hostNetwork: true',
    '      hostPID: true',
    '      containers:',
    '        - name: nsenter',
    `          image: ${image}`,
    '          command: ["/entrypoint.sh"]',
    '          args: ["install", "sleep"]',
    '          securityContext: {privileged: true}',
    '          volumeMounts: [{name: gpu, mountPath: /mnt/gpu}, {name: host-sys, mountPath: /sys}]',
    '      volumes:',
    '        - {name: gpu, hostPath: {path: /opt/gpu, type: DirectoryOrCreate}}',
    '        - {name: host-sys, hostPath: {path: /sys}}',
    '',
  ].join('\n');
}

const hostRules = ['MLK101', 'MLK108', 'MLK109', 'MLK112'];

describe('AKS’s GPU driver installer (mcr.microsoft.com/aks/aks-gpu…) is a GPU node agent', () => {
  const images = [
    'mcr.microsoft.com/aks/aks-gpu:${TAG}',
    'mcr.microsoft.com/aks/aks-gpu:550.54.15-sha-e7ef8e',
    'mcr.microsoft.com/aks/aks-gpu-cuda:550.144.03-20250328201547',
    'mcr.microsoft.com/aks/aks-gpu-cuda-lts:580.11.07-20240101120000',
    'mcr.microsoft.com/aks/aks-gpu-grid:535.161.08-20250328201547',
    'mcr.microsoft.com/aks/aks-gpu-grid-v20:595.58.03-1',
  ];

  it('needs privileged mode, the host PID and network namespaces and its hostPath as NVIDIA’s driver container does', () => {
    for (const image of images) {
      assert.deepEqual(ids(installer(image), hostRules), [], image);
    }
  });

  it('is told to tolerate the GPU taint, as NVIDIA’s node agents are (MLK427)', () => {
    for (const image of images) {
      assert.deepEqual(ids(installer(image), ['MLK427']), ['MLK427@2'], image);
    }
    const [message] = messages(installer(images[2] as string), 'MLK427');
    assert.match(message ?? '', /^DaemonSet "nsenter" runs a GPU node agent \(aks-gpu-cuda\) but does not tolerate the nvidia\.com\/gpu taint/);
  });

  it('an installer built for ROCm serves AMD GPU nodes, which the default nvidia.com/gpu taint is not on', () => {
    assert.deepEqual(ids(installer('mcr.microsoft.com/aks/aks-gpu:6.2.4-rocm'), ['MLK427']), []);
    assert.deepEqual(ids(installer('mcr.microsoft.com/aks/aks-gpu:6.2.4-rocm'), hostRules), []);
  });

  it('the same pod as a Deployment, or a look-alike repository, is no node agent', () => {
    const all = ['MLK101@16', 'MLK108@9', 'MLK109@10', 'MLK112@20'];
    assert.deepEqual(ids(installer('mcr.microsoft.com/aks/aks-gpu-cuda:550.144.03-20250328201547', 'Deployment'), hostRules).sort(), all);
    for (const image of ['registry.example/someone/aks-gpu:1', 'registry.example/aks/aks-gpu-tools-fork/x:1']) {
      assert.deepEqual(ids(installer(image), hostRules).sort(), all, image);
    }
  });
});
