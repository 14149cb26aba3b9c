import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** A one-GPU Deployment (Recreate) whose pod carries the given `affinity` lines and a toleration for a custom taint only. */
function deployment(affinity: readonly string[]): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: llm}',
    'spec:',
    '  strategy: {type: Recreate}',
    '  selector: {matchLabels: {app: llm}}',
    '  template:',
    '    metadata: {labels: {app: llm}}',
    '    spec:',
    ...affinity.map((l) => `      ${l}`),
    '      tolerations: [{key: llm, operator: Equal, value: llama2, effect: NoSchedule}]',
    '      containers:',
    '        - name: vllm',
    '          image: vllm/vllm-openai:v0.6.3',
    '          resources: {limits: {nvidia.com/gpu: "1"}}',
    '',
  ].join('\n');
}

/** A preferred node affinity term on one label key. */
const preferred = (key: string, value = 'true'): string[] => [
  'affinity:',
  '  nodeAffinity:',
  '    preferredDuringSchedulingIgnoredDuringExecution:',
  '      - weight: 100',
  `        preference: {matchExpressions: [{key: ${key}, operator: In, values: ["${value}"]}]}`,
];

const mlk409 = (text: string): number => lintManifest(text).findings.filter((f) => f.ruleId === 'MLK409').length;

describe('MLK409 counts a GKE label in a preferred node affinity term as GKE (which adds the GPU toleration)', () => {
  it('a pod that prefers GKE Spot nodes, a GKE node pool or a GKE accelerator is written for GKE', () => {
    assert.equal(mlk409(deployment(preferred('cloud.google.com/gke-spot'))), 0);
    assert.equal(mlk409(deployment(preferred('cloud.google.com/gke-nodepool', 'gpu-pool'))), 0);
    assert.equal(mlk409(deployment(preferred('cloud.google.com/gke-accelerator', 'nvidia-l4'))), 0);
  });

  it('a preferred term on a portable or non-GKE label, or none, says nothing of GKE', () => {
    assert.equal(mlk409(deployment(preferred('topology.kubernetes.io/zone', 'us-central1-a'))), 1);
    assert.equal(mlk409(deployment(preferred('cloud.google.com/machine-family', 'g2'))), 1);
    assert.equal(mlk409(deployment(preferred('eks.amazonaws.com/capacityType', 'SPOT'))), 1);
    assert.equal(mlk409(deployment([])), 1);
  });
});
