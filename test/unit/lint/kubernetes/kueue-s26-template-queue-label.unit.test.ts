import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../../src/core/lint/apply-edits';
import { parseMlcConfig } from '../../../../src/core/lint/config';
import { kueueObjects, kueueTolerates } from '../../../../src/core/lint/kubernetes/kueue';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { parseYaml } from '../../../../src/core/lint/yaml/parse';
import { objectOf } from './support';

/** MLK422's findings, the rule switched on (with cluster.kueue when asked). */
function mlk422(text: string, kueue = false) {
  const parsed = parseMlcConfig(`rules:\n  MLK422: on\n${kueue ? 'cluster:\n  kueue: true\n' : ''}`);
  assert.ok(parsed.ok);
  return lintManifest(text, { config: parsed.config }).findings.filter((f) => f.ruleId === 'MLK422');
}

const job = (metadata: string[], spec: string[] = []) =>
  [
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    '  name: finetune',
    ...metadata,
    'spec:',
    ...spec,
    '  template:',
    '    metadata:',
    '      labels:',
    '        kueue.x-k8s.io/queue-name: gpu-queue',
    '    spec:',
    '      restartPolicy: Never',
    '      containers:',
    '        - name: train',
    '          image: registry.example/train:1.0.0',
    '          resources: {limits: {nvidia.com/gpu: 1}}',
    '',
  ].join('\n');

describe('MLK422: a queue label Kueue never reads, on the template of a job it queues by the job’s own label', () => {
  it('is reported at the label without cluster.kueue, and the fix copies it to the Job’s labels', () => {
    const text = job(['  labels:', '    app: finetune'], ['  suspend: true']);
    const [f, ...rest] = mlk422(text);
    assert.ok(f);
    assert.equal(rest.length, 0);
    assert.equal(f.range.start.line, 12);
    assert.match(f.message, /never admits the Job: it stays suspended/);
    const fixed = applyTextEdits(text, f.fix?.edits ?? []);
    assert.match(fixed, /metadata:\n {2}name: finetune\n {2}labels:\n {4}app: finetune\n {4}kueue\.x-k8s\.io\/queue-name: gpu-queue\n/);
    assert.deepEqual(mlk422(fixed), []);
  });

  it('gives metadata a labels mapping when it has none; a Job not created suspended starts outside the queue', () => {
    const text = job([]);
    const [f] = mlk422(text);
    assert.ok(f);
    assert.match(f.message, /starts outside the queue/);
    assert.match(applyTextEdits(text, f.fix?.edits ?? []), /name: finetune\n {2}labels:\n {4}kueue\.x-k8s\.io\/queue-name: gpu-queue\nspec:/);
  });

  it('with cluster.kueue, says it once, at the label (not also “no label” at the name)', () => {
    const found = mlk422(job([]), true);
    assert.equal(found.length, 1);
    assert.equal(found[0]?.range.start.line, 9);
  });

  it('is silent when the job names its queue itself (label, or the annotation older Kueue reads)', () => {
    assert.deepEqual(mlk422(job(['  labels: {kueue.x-k8s.io/queue-name: gpu-queue}'])), []);
    assert.deepEqual(mlk422(job(['  annotations: {kueue.x-k8s.io/queue-name: gpu-queue}'])), []);
  });

  it('reads a Kubeflow training job’s runPolicy.suspend and a RayJob’s cluster templates', () => {
    const pytorch = [
      'apiVersion: kubeflow.org/v1',
      'kind: PyTorchJob',
      'metadata: {name: p}',
      'spec:',
      '  runPolicy: {suspend: true}',
      '  pytorchReplicaSpecs:',
      '    Master:',
      '      template:',
      '        metadata: {labels: {kueue.x-k8s.io/queue-name: q}}',
      '        spec: {containers: [{name: pytorch, image: registry.example/t:1.0}]}',
      '',
    ].join('\n');
    assert.match(mlk422(pytorch)[0]?.message ?? '', /stays suspended/);
    const rayJob = [
      'apiVersion: ray.io/v1',
      'kind: RayJob',
      'metadata: {name: r}',
      'spec:',
      '  entrypoint: python train.py',
      '  rayClusterSpec:',
      '    headGroupSpec:',
      '      template:',
      '        metadata:',
      '          labels:',
      '            kueue.x-k8s.io/queue-name: q',
      '        spec: {containers: [{name: head, image: rayproject/ray:2.9.0}]}',
      '',
    ].join('\n');
    assert.equal(mlk422(rayJob)[0]?.range.start.line, 11);
  });

  it('leaves alone kinds queued by their pods’ labels and kinds of other groups', () => {
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    metadata: {labels: {kueue.x-k8s.io/queue-name: q}}\n    spec: {containers: [{name: c, image: registry.example/c:1.0}]}\n';
    assert.deepEqual(mlk422(deployment), []);
    const otherJob = job([]).replace('apiVersion: batch/v1', 'apiVersion: example.com/v1');
    assert.deepEqual(mlk422(otherJob), []);
  });
});

describe('Kueue tolerations (MLK409) follow the label Kueue reads', () => {
  const flavor = 'apiVersion: kueue.x-k8s.io/v1beta1\nkind: ResourceFlavor\nmetadata: {name: gpu}\nspec:\n  tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]\n';
  const setup = kueueObjects(parseYaml(flavor));

  it('a Job labelled on its pod template only is not queued, so no flavor tolerates its taint', () => {
    assert.ok(!kueueTolerates(objectOf(job([])), setup, 'nvidia.com/gpu'));
    assert.ok(kueueTolerates(objectOf(job(['  labels: {kueue.x-k8s.io/queue-name: gpu-queue}'])), setup, 'nvidia.com/gpu'));
  });

  it('a Deployment’s pods are queued by their own label', () => {
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    metadata: {labels: {kueue.x-k8s.io/queue-name: q}}\n    spec: {containers: [{name: c, image: registry.example/c:1.0}]}\n';
    assert.ok(kueueTolerates(objectOf(deployment), setup, 'nvidia.com/gpu'));
  });
});
