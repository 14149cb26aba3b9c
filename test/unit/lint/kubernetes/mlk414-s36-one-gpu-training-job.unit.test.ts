import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** A Kubeflow TFJob whose replica specs are `roles` (name, replicas, GPUs), with `spec` lines before them. */
function tfJob(roles: readonly [string, number, number][], spec: readonly string[] = []): string {
  return [
    'apiVersion: kubeflow.org/v1',
    'kind: TFJob',
    'metadata: {name: t}',
    'spec:',
    '  runPolicy: {backoffLimit: 2, ttlSecondsAfterFinished: 3600}',
    ...spec.map((l) => `  ${l}`),
    '  tfReplicaSpecs:',
    ...roles.flatMap(([role, replicas, gpus]) => [
      `    ${role}:`,
      `      replicas: ${replicas}`,
      '      restartPolicy: OnFailure',
      '      template:',
      '        spec:',
      '          containers:',
      '            - name: tensorflow',
      '              image: tensorflow/tensorflow:2.15.0-gpu',
      '              command: ["python", "train.py"]',
      `              resources: {limits: {nvidia.com/gpu: ${gpus}}}`,
    ]),
    '',
  ].join('\n');
}

const mlk414 = (text: string): string => {
  const messages = lintManifest(text).findings.filter((f) => f.ruleId === 'MLK414').map((f) => f.message);
  assert.equal(messages.length, 1);
  return messages[0] ?? '';
};

describe('MLK414: a training job of one pod on one GPU has no collectives to hang in', () => {
  it('says a hung run holds the GPU for one replica on one GPU', () => {
    const message = mlk414(tfJob([['Worker', 1, 1]]));
    assert.match(message, /so a hung run can hold its GPU indefinitely/);
    assert.doesNotMatch(message, /collective/);
  });

  it('keeps the collective wording for several replicas, several GPUs, several GPU roles or an elastic job', () => {
    for (const text of [
      tfJob([['Worker', 2, 1]]),
      tfJob([['Worker', 1, 2]]),
      tfJob([['Chief', 1, 1], ['Worker', 1, 1]]),
      tfJob([['Worker', 1, 1]], ['elasticPolicy: {minReplicas: 1, maxReplicas: 4}']),
    ]) {
      assert.match(mlk414(text), /a hung NCCL collective can hold the GPUs/);
    }
  });
});
