import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** A Volcano Job (batch.volcano.sh): pods in spec.tasks[].template, retries bounded by maxRetry. */
const volcano = [
  'apiVersion: batch.volcano.sh/v1alpha1',
  'kind: Job',
  'metadata: {name: tf}',
  'spec:',
  '  schedulerName: volcano',
  '  ttlSecondsAfterFinished: 3600',
  '  tasks:',
  '    - replicas: 2',
  '      name: worker',
  '      template:',
  '        spec:',
  '          containers:',
  '            - name: pytorch',
  '              image: registry.example/pytorch-gpu:2.4',
  '              securityContext: {privileged: true}',
  '              resources: {limits: {nvidia.com/gpu: 1}}',
  '',
].join('\n');

describe('Volcano Jobs (batch.volcano.sh)', () => {
  it('lints the pods of every task, as a GPU training workload', () => {
    const ids = new Set(lintManifest(volcano).findings.filter((f) => f.range.start.line === 13).map((f) => f.ruleId));
    for (const id of ['MLK301', 'MLK302', 'MLK405']) {
      assert.ok(ids.has(id), `${id} on the task's container`);
    }
    assert.ok(lintManifest(volcano).findings.some((f) => f.ruleId === 'MLK418' || f.ruleId === 'MLK101'), 'the privileged GPU container is reported');
  });

  it('applies no batch/v1 Job rule: restartPolicy, backoffLimit and deadline semantics differ', () => {
    const ids = lintManifest(volcano).findings.map((f) => f.ruleId);
    for (const id of ['MLK006', 'MLK413', 'MLK414', 'MLK314']) {
      assert.ok(!ids.includes(id), id);
    }
  });
});
