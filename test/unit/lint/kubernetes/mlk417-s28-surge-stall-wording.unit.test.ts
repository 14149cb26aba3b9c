import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { parseMlcConfig } from '../../../../src/core/lint/config';

const deployment = (resource: string): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: serve}
spec:
  replicas: 1
  selector: {matchLabels: {app: serve}}
  template:
    metadata: {labels: {app: serve}}
    spec:
      containers:
        - name: server
          image: registry.example/server:1
          resources:
            limits: {${resource}: 1}
`;

function messages(text: string, config?: string): string[] {
  const parsed = config === undefined ? undefined : parseMlcConfig(config);
  if (parsed !== undefined && !parsed.ok) {
    throw new Error(parsed.errors.join('; '));
  }
  return lintManifest(text, parsed ? { config: parsed.config } : {}).findings.filter((f) => f.ruleId === 'MLK417').map((f) => f.message);
}

describe('MLK417 says the surge pod stalls the rollout only while no GPU is free or can be provisioned', () => {
  it('names the spare GPU or node that lets it go on, keeps both fixes and points to cluster.gpuNodeAutoscaling', () => {
    assert.deepEqual(messages(deployment('nvidia.com/gpu')), [
      'This GPU Deployment rolls out with maxSurge 1 and maxUnavailable 0, so the new pod waits for a GPU the old pod holds and the rollout stalls unless a spare GPU is free or a node can be provisioned for it; use strategy Recreate, or maxSurge: 0 with maxUnavailable: 1 (or set cluster.gpuNodeAutoscaling if an autoscaler adds GPU nodes).',
    ]);
  });

  it('speaks of spare TPUs for a TPU Deployment', () => {
    assert.match(messages(deployment('google.com/tpu'))[0] ?? '', /waits for the TPUs the old pod holds and the rollout stalls unless spare TPUs are free or a node can be provisioned for it;/);
  });

  it('never claims a deadlock, and stays silent where the profile says GPU nodes are provisioned on demand', () => {
    assert.ok(!messages(deployment('nvidia.com/gpu')).some((m) => /deadlock/.test(m)));
    assert.deepEqual(messages(deployment('nvidia.com/gpu'), 'cluster:\n  gpuNodeAutoscaling: true\n'), []);
  });
});
