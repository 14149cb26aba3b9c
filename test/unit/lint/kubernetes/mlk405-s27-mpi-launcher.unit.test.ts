import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** kubeflow/mpi-operator examples/v2beta1/deepspeed/deepspeed-helloworld.yaml, indentation fixed; `launcher` lines go into the Launcher container. */
function mpiJob(launcher: readonly string[] = [], spec: readonly string[] = []): string {
  return [
    'apiVersion: kubeflow.org/v2beta1',
    'kind: MPIJob',
    'metadata:',
    '  name: deepspeed-helloworld',
    'spec:',
    '  slotsPerWorker: 8',
    ...spec.map((l) => `  ${l}`),
    '  mpiReplicaSpecs:',
    '    Launcher:',
    '      replicas: 1',
    '      template:',
    '        spec:',
    '          containers:',
    '            - name: launcher',
    '              image: example.com/deepspeed:hello',
    '              command: [deepspeed]',
    '              args: [train_bert_ds.py, --checkpoint_dir, /workspace]',
    ...launcher.map((l) => `              ${l}`),
    '    Worker:',
    '      replicas: 2',
    '      template:',
    '        spec:',
    '          containers:',
    '            - name: worker',
    '              image: example.com/deepspeed:hello',
    '              resources:',
    '                limits:',
    '                  nvidia.com/gpu: 8',
    '',
  ].join('\n');
}

const mlk405 = (text: string) => lintManifest(text).findings.filter((f) => f.ruleId === 'MLK405').map((f) => f.message.slice(0, f.message.indexOf(' gets')));

describe('MLK405: an MPIJob Launcher without GPUs only starts the ranks', () => {
  it('reports the workers, not the launcher', () => {
    assert.deepEqual(mlk405(mpiJob()), ['container "worker"']);
  });

  it('reports a launcher that has GPUs or runs ranks itself (runLauncherAsWorker)', () => {
    assert.deepEqual(mlk405(mpiJob(['resources:', '  limits:', '    nvidia.com/gpu: 8'])), ['container "launcher"', 'container "worker"']);
    assert.deepEqual(mlk405(mpiJob([], ['runLauncherAsWorker: true'])), ['container "launcher"', 'container "worker"']);
  });
});
