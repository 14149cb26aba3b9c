import * as assert from 'node:assert/strict';
import { parseMlcConfig } from '../../../../src/core/lint/config';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** MLK422's findings with the default rules and this .mlc.yaml (none: the defaults). */
function mlk422(text: string, mlcYaml?: string) {
  const parsed = mlcYaml !== undefined ? parseMlcConfig(mlcYaml) : undefined;
  assert.ok(parsed === undefined || parsed.ok);
  return lintManifest(text, parsed?.ok ? { config: parsed.config } : {}).findings.filter((f) => f.ruleId === 'MLK422');
}

/** After kubeflow/trainer examples/yaml/advanced/02-kueue-integration.yaml: the queue label on a pod template override only. */
const trainJob = (ownLabels: string) =>
  [
    'apiVersion: trainer.kubeflow.org/v1alpha1',
    'kind: TrainJob',
    'metadata:',
    '  name: kueue-example',
    `  labels: ${ownLabels}`,
    'spec:',
    '  runtimeRef: {name: torch-distributed}',
    '  suspend: true',
    '  podTemplateOverrides:',
    '    - targetJobs: [{name: node}]',
    '      metadata:',
    '        labels:',
    '          kueue.x-k8s.io/queue-name: training-queue',
    '',
  ].join('\n');

const unlabelledJob = ['apiVersion: batch/v1', 'kind: Job', 'metadata: {name: finetune}', 'spec:', '  template:', '    spec:', '      restartPolicy: Never', '      containers: [{name: train, image: registry.example/train:1.0.0}]', ''].join('\n');

describe('MLK422 in a default run: a queue label Kueue never reads is reported without any configuration', () => {
  it('reports the TrainJob whose queue label sits on a pod template override only', () => {
    const [f, ...rest] = mlk422(trainJob('{queue: training-queue}'));
    assert.ok(f);
    assert.equal(rest.length, 0);
    assert.equal(f.range.start.line, 13);
    assert.equal(f.severity, 'info');
    assert.match(f.message, /never admits the TrainJob: it stays suspended; copy the label to metadata\.labels\./);
  });

  it('is silent when the TrainJob carries the label itself', () => {
    assert.deepEqual(mlk422(trainJob('{kueue.x-k8s.io/queue-name: training-queue}')), []);
  });

  it('leaves a job without any queue label to cluster.kueue, as before', () => {
    assert.deepEqual(mlk422(unlabelledJob), []);
    assert.equal(mlk422(unlabelledJob, 'cluster:\n  kueue: true\n').length, 1);
  });

  it('keeps its ID: MLK422: off still silences it', () => {
    assert.deepEqual(mlk422(trainJob('{queue: training-queue}'), 'rules:\n  MLK422: off\n'), []);
  });
});
