import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** A GPU PyTorchJob with the spec lines `extra` and no runPolicy.backoffLimit. */
function pytorchJob(extra: readonly string[]): string {
  return [
    'apiVersion: kubeflow.org/v1',
    'kind: PyTorchJob',
    'metadata: {name: fsdp}',
    'spec:',
    ...extra.map((l) => `  ${l}`),
    '  pytorchReplicaSpecs:',
    '    Worker:',
    '      replicas: 2',
    '      restartPolicy: OnFailure',
    '      template:',
    '        spec:',
    '          containers:',
    '            - name: pytorch',
    '              image: registry.example/fsdp:1',
    '              resources: {limits: {nvidia.com/gpu: 8}}',
    '',
  ].join('\n');
}

const mlk413 = (text: string) => lintManifest(text).findings.filter((f) => f.ruleId === 'MLK413').map((f) => f.message);

describe('MLK413: a PyTorchJob elasticPolicy.maxRestarts bounds torchrun, not pod restarts', () => {
  it('keeps the finding and says what maxRestarts bounds', () => {
    const [message] = mlk413(pytorchJob(['elasticPolicy:', '  rdzvBackend: c10d', '  maxRestarts: 100']));
    assert.match(message ?? '', /restarts on GPUs indefinitely \(elasticPolicy\.maxRestarts: 100 only bounds torchrun's restarts of the processes inside a pod\); set backoffLimit\./);
  });

  it('says nothing of it when the job has no elastic policy', () => {
    assert.doesNotMatch(mlk413(pytorchJob([]))[0] ?? '', /maxRestarts/);
  });
});
