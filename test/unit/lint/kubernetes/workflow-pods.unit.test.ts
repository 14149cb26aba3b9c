import * as assert from 'node:assert/strict';
import { objectOf, ruleIds } from './support';

const ids = ruleIds;

/** A KEDA ScaledJob in the shape of a GPU queue worker (vllm-aks-keda-worker, flux_training_aca). */
const scaledJob = (apiVersion: string, jobFields: string[] = []) =>
  [
    `apiVersion: ${apiVersion}`,
    'kind: ScaledJob',
    'metadata: {name: whisper-batch, namespace: speech}',
    'spec:',
    '  jobTargetRef:',
    '    parallelism: 1',
    ...jobFields.map((l) => `    ${l}`),
    '    template:',
    '      spec:',
    '        containers:',
    '          - name: worker',
    '            image: registry.example/asr-batch:1.0',
    '            command: [python, worker.py]',
    '            resources:',
    '              limits: {nvidia.com/gpu: "1", memory: 16Gi}',
    '              requests: {cpu: "2", memory: 16Gi}',
    '  maxReplicaCount: 5',
    '  triggers:',
    '    - type: azure-servicebus',
    '      metadata: {queueName: audio}',
    '',
  ].join('\n');

describe('Pods of ML workflow tools', () => {
  it('a KEDA ScaledJob: the Job spec at spec.jobTargetRef and its pod template, a batch workload', () => {
    const obj = objectOf(scaledJob('keda.sh/v1alpha1'));
    assert.equal(obj.workload, 'job');
    assert.deepEqual(
      obj.podSpecs.map((p) => p.path),
      [['spec', 'jobTargetRef', 'template', 'spec']],
    );
    assert.deepEqual(obj.podSpecs[0]?.containers.map((c) => c.name), ['worker']);
    assert.equal(obj.view.text(obj.podSpecs[0]?.jobFields, 'parallelism'), '1', 'the Job-level fields are jobTargetRef');
  });

  it('a KEDA ScaledJob gets the pod rules and the GPU Job rules read its jobTargetRef', () => {
    const found = ids(scaledJob('keda.sh/v1alpha1'));
    assert.ok(found.includes('MLK405'), 'the GPU worker without /dev/shm');
    assert.ok(found.includes('MLK413') && found.includes('MLK414'), 'no backoffLimit or activeDeadlineSeconds in jobTargetRef');
    const set = ids(scaledJob('keda.sh/v1alpha1', ['backoffLimit: 2', 'activeDeadlineSeconds: 3600']));
    assert.ok(!set.includes('MLK413') && !set.includes('MLK414'), 'both set in jobTargetRef');
  });

  it('a KEDA ScaledJob: no restartPolicy finding (KEDA sets OnFailure), no Job TTL (history limits prune), no readiness', () => {
    const found = ids(scaledJob('keda.sh/v1alpha1'));
    for (const id of ['MLK006', 'MLK314', 'MLK311', 'MLK415']) {
      assert.ok(!found.includes(id), id);
    }
  });

  it('a ScaledJob of another API group, and a KEDA ScaledObject (it scales a Deployment), hold no pods', () => {
    assert.equal(objectOf(scaledJob('example.com/v1')).podSpecs.length, 0);
    const scaledObject = ['apiVersion: keda.sh/v1alpha1', 'kind: ScaledObject', 'metadata: {name: vllm}', 'spec:', '  scaleTargetRef: {name: vllm}', '  triggers:', '    - type: prometheus', '      metadata: {threshold: "5"}', ''].join('\n');
    assert.equal(objectOf(scaledObject).podSpecs.length, 0);
  });

  it('an Argo Workflow template is not read as a pod (its resources often come from podSpecPatch)', () => {
    const text = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: WorkflowTemplate',
      'metadata: {name: training}',
      'spec:',
      '  templates:',
      '    - name: train',
      '      container:',
      '        image: registry.example/fv3fit:1.0',
      '      tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]',
      '      podSpecPatch: |',
      '        containers:',
      '          - name: main',
      '            resources: {limits: {nvidia.com/gpu: 1}}',
      '',
    ].join('\n');
    assert.equal(objectOf(text).podSpecs.length, 0);
    assert.deepEqual(ids(text), []);
  });

  it('a Kubeflow Pipelines IR (PipelineSpec: no apiVersion or kind) lints to nothing and does not throw', () => {
    const text = [
      '# PIPELINE DEFINITION',
      'components:',
      '  comp-trainer:',
      '    executorLabel: exec-trainer',
      'deploymentSpec:',
      '  executors:',
      '    exec-trainer:',
      '      container:',
      '        image: gcr.io/my-project/my-fancy-trainer',
      '        resources:',
      '          accelerator: {count: "1", type: tpu-v3}',
      '          resourceMemoryLimit: 14Gi',
      'pipelineInfo: {name: two-step}',
      'root:',
      '  dag:',
      '    tasks:',
      '      trainer:',
      '        componentRef: {name: comp-trainer}',
      'schemaVersion: 2.1.0',
      'sdkVersion: kfp-2.13.0',
      '',
    ].join('\n');
    assert.equal(objectOf(text).podSpecs.length, 0);
    assert.deepEqual(ids(text), []);
  });
});
