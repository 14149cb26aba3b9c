import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { isBatchJob } from '../../../../src/core/lint/kubernetes/model';
import { fixtureSchemas, objectOf, ruleIds, ruleIdsAt } from './support';

/** Role and container names of each pod the object model reads. */
const pods = (text: string) => objectOf(text).podSpecs.map((p) => `${p.role ?? ''}: ${p.containers.map((c) => c.name ?? '?').join(', ')}`);

describe('InferenceService is read by its API group: KServe’s, OME’s or neither', () => {
  // sgl-project/ome config/samples/iscv/llama3-1-405b-instruct-fp8-rdma.yaml: the predictor only names a runtime and a BaseModel.
  const omeSample = [
    'apiVersion: ome.io/v1beta1',
    'kind: InferenceService',
    'metadata:',
    '  name: llama-3-1-405b-rdma',
    '  namespace: llama3-1-405b-rdma',
    '  annotations:',
    '    ome.io/deploymentMode: "MultiNodeRayVLLM"',
    'spec:',
    '  predictor:',
    '    model:',
    '      runtime: vllm-pp-rdma',
    '      baseModel: llama-3-1-405b-instruct-fp8',
    '      protocolVersion: openAI',
    '    minReplicas: 2',
    '    maxReplicas: 2',
    '',
  ].join('\n');

  const omeComponents = [
    'apiVersion: ome.io/v1beta1',
    'kind: InferenceService',
    'metadata: {name: llama-pd, namespace: llama-demo}',
    'spec:',
    '  model: {name: llama-3-3-70b-instruct}',
    '  runtime: {name: srt-llama-3-3-70b-instruct-pd}',
    '  engine:',
    '    minReplicas: 1',
    '    maxReplicas: 1',
    '    runner:',
    '      resources: {limits: {nvidia.com/gpu: 8}}',
    '  decoder:',
    '    acceleratorOverride: {acceleratorClass: nvidia-h200}',
    '    lifecycle: {instanceReadyTimeout: 45m}',
    '    leader:',
    '      runner: {name: sglang, args: ["--tp", "8"]}',
    '    worker:',
    '      size: 1',
    '      tolerations: [{key: dedicated, operator: Exists}]',
    '  router:',
    '    minReplicas: 1',
    '',
  ].join('\n');

  it('an OME InferenceService whose predictor names a runtime and a model has no pod of its own, and no finding', () => {
    assert.deepEqual(pods(omeSample), []);
    assert.deepEqual(ruleIds(omeSample), []);
    assert.deepEqual(lintManifest(omeSample, { schemas: fixtureSchemas() }).findings, []);
  });

  it('reads the pod specs of OME’s engine, decoder (leader, worker) and router, each with its runner container', () => {
    assert.deepEqual(pods(omeComponents), ['engine: runner', 'decoder: ', 'decoder leader: sglang', 'decoder worker: ', 'router: ']);
  });

  it('judges what the components write, not what the serving runtime brings (security context, probes, resources)', () => {
    assert.deepEqual(ruleIds(omeComponents), []);
    const floating = omeComponents.replace('      resources: {limits: {nvidia.com/gpu: 8}}', '      image: docker.io/lmsysorg/sglang:latest');
    assert.deepEqual(ruleIdsAt(floating, 11), ['MLK201']);
  });

  it('OME’s component fields beside the pod spec are no schema violation; a typo inside a pod field still is', () => {
    const mlk002 = (text: string) => lintManifest(text, { schemas: fixtureSchemas() }).findings.filter((f) => f.ruleId === 'MLK002').map((f) => f.message);
    assert.deepEqual(mlk002(omeComponents), []);
    const typo = mlk002(omeComponents.replace('{key: dedicated, operator: Exists}', '{keyy: dedicated, operator: Exists}'));
    assert.equal(typo.length, 1);
    assert.match(typo[0] ?? '', /keyy/);
  });

  it('KServe’s (and KFServing’s) InferenceService keep their predictor containers; another group’s has none', () => {
    const kserve = (apiVersion: string) =>
      `apiVersion: ${apiVersion}\nkind: InferenceService\nmetadata: {name: m}\nspec:\n  predictor:\n    model:\n      modelFormat: {name: huggingface}\n      storageUri: hf://meta-llama/Llama-3.1-8B\n`;
    assert.deepEqual(pods(kserve('serving.kserve.io/v1beta1')), ['predictor: kserve-container']);
    assert.deepEqual(pods(kserve('serving.kubeflow.org/v1beta1')), ['predictor: kserve-container']);
    assert.deepEqual(pods(kserve('inference.example.com/v1')), []);
  });
});

describe('llmaz Service: the leader and worker templates of its workloadTemplate', () => {
  // After InftyAI/llmaz docs/examples/multi-nodes/service.yaml.
  const llmaz = [
    'apiVersion: inference.llmaz.io/v1alpha1',
    'kind: Service',
    'metadata: {name: llama3-405b-instruct}',
    'spec:',
    '  modelClaims:',
    '    models: [{name: llama3-405b-instruct}]',
    '  replicas: 2',
    '  workloadTemplate:',
    '    size: 2',
    '    restartPolicy: RecreateGroupOnPodRestart',
    '    leaderTemplate:',
    '      metadata: {labels: {role: leader}}',
    '      spec:',
    '        containers:',
    '          - name: model-runner',
    '            image: lmsysorg/sglang:latest',
    '            resources: {limits: {nvidia.com/gpu: "1"}}',
    '    workerTemplate:',
    '      spec:',
    '        containers:',
    '          - name: model-runner',
    '            image: lmsysorg/sglang:latest',
    '            resources: {limits: {nvidia.com/gpu: "1"}}',
    '',
  ].join('\n');

  it('reads both templates, the way a LeaderWorkerSet’s are read', () => {
    const obj = objectOf(llmaz);
    assert.equal(obj.workload, 'serving');
    assert.deepEqual(pods(llmaz), ['leader: model-runner', 'worker: model-runner']);
    assert.deepEqual(obj.podSpecs.map((p) => p.path.join('.')), ['spec.workloadTemplate.leaderTemplate.spec', 'spec.workloadTemplate.workerTemplate.spec']);
    assert.ok(ruleIdsAt(llmaz, 16).includes('MLK201'));
    assert.ok(ruleIdsAt(llmaz, 22).includes('MLK201'));
  });

  it('a Knative Service keeps its revision template, a core Service has no pod', () => {
    assert.deepEqual(pods('apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: s}\nspec:\n  template:\n    spec:\n      containers:\n        - name: user\n          image: registry.example/s:1.0\n'), [': user']);
    assert.deepEqual(pods('apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {app: s}\n  ports: [{port: 80}]\n'), []);
  });
});

describe('Job is read by its API group: batch’s pod template, Volcano’s tasks, another group’s nothing', () => {
  const cloudRunJob = [
    'apiVersion: run.googleapis.com/v1',
    'kind: Job',
    'metadata: {name: train, labels: {cloud.googleapis.com/location: us-central1}}',
    'spec:',
    '  template:',
    '    spec:',
    '      parallelism: 1',
    '      taskCount: 1',
    '      template:',
    '        spec:',
    '          containers: [{image: us-docker.pkg.dev/example-project/repo/train:1.0.0}]',
    '          maxRetries: 3',
    '',
  ].join('\n');

  it('a Cloud Run Job’s execution template is no pod template (no MLK006, no MLK002 on its fields)', () => {
    const obj = objectOf(cloudRunJob);
    assert.deepEqual(obj.podSpecs, []);
    assert.equal(obj.workload, 'other');
    assert.ok(!isBatchJob(obj));
    const ids = lintManifest(cloudRunJob, { schemas: fixtureSchemas() }).findings.map((f) => f.ruleId);
    assert.ok(!ids.includes('MLK006') && !ids.includes('MLK002'));
  });

  it('a batch Job, with or without its apiVersion, keeps its pod template', () => {
    const batch = cloudRunJob.replace('run.googleapis.com/v1', 'batch/v1');
    assert.ok(isBatchJob(objectOf(batch)));
    assert.equal(objectOf(batch).podSpecs.length, 1);
    assert.equal(objectOf(batch.replace('apiVersion: batch/v1\n', '')).podSpecs.length, 1);
  });
});
