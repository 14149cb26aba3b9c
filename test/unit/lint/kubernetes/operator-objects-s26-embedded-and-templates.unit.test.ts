import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applyTextEdits } from '../../../../src/core/lint/apply-edits';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { objectOf, ruleIds } from './support';

const messagesOf = (text: string, id: string): string[] =>
  lintManifest(text)
    .findings.filter((f) => f.ruleId === id)
    .map((f) => f.message);

/** A Katib Experiment whose trial is a GPU PyTorchJob with a container named `container`, Katib's primary container `primary`. */
const katibPyTorchTrial = (container: string, primary: string, runPolicy: string[] = []): string =>
  [
    'apiVersion: kubeflow.org/v1beta1',
    'kind: Experiment',
    'metadata: {name: mnist, namespace: kubeflow}',
    'spec:',
    '  objective: {type: minimize, objectiveMetricName: loss}',
    '  algorithm: {algorithmName: random}',
    '  trialTemplate:',
    `    primaryContainerName: ${primary}`,
    '    trialSpec:',
    '      apiVersion: kubeflow.org/v1',
    '      kind: PyTorchJob',
    '      spec:',
    ...runPolicy,
    '        pytorchReplicaSpecs:',
    '          Master:',
    '            replicas: 1',
    '            restartPolicy: OnFailure',
    '            template:',
    '              spec:',
    '                containers:',
    `                  - name: ${container}`,
    '                    image: registry.example/mnist:1.0',
    '                    command: [python3, /opt/mnist.py, "--lr=${trialParameters.lr}"]',
    '                    resources: {limits: {nvidia.com/gpu: 1, memory: 8Gi}, requests: {cpu: "1", memory: 8Gi}}',
    '',
  ].join('\n');

describe('objects embedded in a Katib trial: their own kind’s object rules', () => {
  it('the trial spec is an object of its own kind, apiVersion and root, sharing its container refs with the Experiment', () => {
    const obj = objectOf(katibPyTorchTrial('pytorch', 'pytorch'));
    const inner = obj.embedded;
    assert.ok(inner);
    assert.equal(inner.kind, 'PyTorchJob');
    assert.equal(inner.apiVersion, 'kubeflow.org/v1');
    assert.equal(inner.workload, 'training');
    assert.equal(inner.host, obj);
    assert.deepEqual(inner.podSpecs.map((p) => p.path), [['spec', 'pytorchReplicaSpecs', 'Master', 'template', 'spec']]);
    assert.equal(inner.podSpecs[0]?.containers, obj.podSpecs[0]?.containers, 'one container ref for both (DRA marks and the like)');
  });

  it('MLK424: the webhook rejects a trial PyTorchJob without a `pytorch` container; the fix renames Katib’s primaryContainerName with it', () => {
    const text = katibPyTorchTrial('trainer', 'trainer');
    const found = lintManifest(text).findings.filter((f) => f.ruleId === 'MLK424');
    assert.equal(found.length, 1);
    assert.equal(found[0]?.range.start.line, 20);
    assert.match(found[0]?.message ?? '', /primaryContainerName/);
    const fixed = parse(applyTextEdits(text, found[0]?.fix?.edits ?? [])) as { spec: { trialTemplate: { primaryContainerName: string; trialSpec: { spec: { pytorchReplicaSpecs: { Master: { template: { spec: { containers: { name: string }[] } } } } } } } } };
    assert.equal(fixed.spec.trialTemplate.primaryContainerName, 'pytorch');
    assert.equal(fixed.spec.trialTemplate.trialSpec.spec.pytorchReplicaSpecs.Master.template.spec.containers[0]?.name, 'pytorch');
  });

  it('MLK424: a primaryContainerName naming another container is left alone', () => {
    const found = lintManifest(katibPyTorchTrial('trainer', 'metrics')).findings.find((f) => f.ruleId === 'MLK424');
    assert.ok(found);
    assert.doesNotMatch(found.message, /primaryContainerName/);
    assert.equal(found.fix?.edits.length, 1);
  });

  it('MLK413 and MLK414 judge the trial job’s runPolicy; MLK314 stays silent (Katib removes finished trial jobs)', () => {
    const text = katibPyTorchTrial('pytorch', 'pytorch');
    const found = lintManifest(text).findings;
    assert.deepEqual(found.filter((f) => f.ruleId === 'MLK413' || f.ruleId === 'MLK414').map((f) => [f.ruleId, f.range.start.line]), [
      ['MLK413', 11],
      ['MLK414', 11],
    ]);
    assert.match(messagesOf(text, 'MLK413')[0] ?? '', /This GPU PyTorchJob has no runPolicy\.backoffLimit/);
    assert.ok(!ruleIds(text).includes('MLK314'));
    const bounded = katibPyTorchTrial('pytorch', 'pytorch', ['        runPolicy: {backoffLimit: 2, activeDeadlineSeconds: 3600}']);
    assert.deepEqual(ruleIds(bounded).filter((id) => id === 'MLK413' || id === 'MLK414' || id === 'MLK314'), []);
  });

  it('a Trial’s runSpec is embedded the same way', () => {
    const text = [
      'apiVersion: kubeflow.org/v1beta1',
      'kind: Trial',
      'metadata: {name: mnist-abc}',
      'spec:',
      '  primaryContainerName: trainer',
      '  runSpec:',
      '    apiVersion: kubeflow.org/v1',
      '    kind: TFJob',
      '    spec:',
      '      tfReplicaSpecs:',
      '        Worker:',
      '          replicas: 2',
      '          template:',
      '            spec:',
      '              containers:',
      '                - name: trainer',
      '                  image: registry.example/tf:1.0',
      '',
    ].join('\n');
    const found = lintManifest(text).findings.find((f) => f.ruleId === 'MLK424');
    assert.ok(found);
    assert.match(found.message, /"tensorflow"/);
    assert.equal(found.fix?.edits.length, 2);
  });

  it('an Experiment is no training job itself: no object rule runs twice', () => {
    const text = katibPyTorchTrial('trainer', 'trainer');
    const counts = new Map<string, number>();
    for (const id of ruleIds(text)) {
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const id of ['MLK413', 'MLK414', 'MLK424']) {
      assert.equal(counts.get(id), 1, id);
    }
  });
});

describe('OpenShift Template objects are linted as documents of their own', () => {
  const template = (objectLines: string[]): string => ['apiVersion: template.openshift.io/v1', 'kind: Template', 'metadata: {name: runtime-template}', 'parameters:', '  - {name: NAME, value: vllm}', 'objects:', ...objectLines, ''].join('\n');

  it('a ServingRuntime under objects gets its pod rules, at its own lines', () => {
    const text = template(['  - apiVersion: serving.kserve.io/v1alpha1', '    kind: ServingRuntime', '    metadata: {name: vllm}', '    spec:', '      containers:', '        - name: kserve-container', '          image: vllm/vllm-openai:latest']);
    const found = lintManifest(text).findings.filter((f) => f.ruleId === 'MLK201');
    assert.deepEqual(found.map((f) => f.range.start.line), [13]);
  });

  it('parameters are not judged as values: no label or type error on ${NAME} or ${{REPLICAS}}', () => {
    const text = template([
      '  - apiVersion: apps/v1',
      '    kind: Deployment',
      '    metadata: {name: "${NAME}", labels: {app: "${NAME}"}}',
      '    spec:',
      '      replicas: ${{REPLICAS}}',
      '      selector: {matchLabels: {app: "${NAME}"}}',
      '      template:',
      '        metadata: {labels: {app: "${NAME}"}}',
      '        spec:',
      '          containers:',
      '            - name: server',
      '              image: ${IMAGE}',
      '              ports: [{containerPort: 8080, name: "${PORT_NAME}"}]',
    ]);
    const ids = ruleIds(text);
    for (const id of ['MLK002', 'MLK009', 'MLK010', 'MLK201']) {
      assert.ok(!ids.includes(id), id);
    }
  });

  it('a Template of another API group, or without objects, holds no objects', () => {
    const other = ['apiVersion: example.com/v1', 'kind: Template', 'metadata: {name: t}', 'objects:', '  - apiVersion: v1', '    kind: Pod', '    metadata: {name: p}', '    spec:', '      containers:', '        - {name: c, image: "busybox:latest"}', ''].join('\n');
    assert.ok(!ruleIds(other).includes('MLK201'));
  });
});

describe('operator pods the linter now reads, and the names their operators give containers', () => {
  it('a Seldon Core 2 ServerConfig: the whole pod of its Servers at spec.podSpec', () => {
    const text = ['apiVersion: mlops.seldon.io/v1alpha1', 'kind: ServerConfig', 'metadata: {name: triton}', 'spec:', '  podSpec:', '    containers:', '      - name: triton', '        image: nvcr.io/nvidia/tritonserver:latest', ''].join('\n');
    const obj = objectOf(text);
    assert.equal(obj.workload, 'serving');
    assert.deepEqual(obj.podSpecs.map((p) => p.path), [['spec', 'podSpec']]);
    const ids = ruleIds(text);
    assert.ok(ids.includes('MLK201') && ids.includes('MLK302'), 'a full pod: what it leaves out counts');
  });

  it('a VLLMRouter: a `router` container of registry/name, its resources as request and limit; its ServiceAccount token is needed', () => {
    const text = [
      'apiVersion: production-stack.vllm.ai/v1alpha1',
      'kind: VLLMRouter',
      'metadata: {name: router}',
      'spec:',
      '  serviceDiscovery: k8s',
      '  image: {registry: docker.io, name: lmcache/lmstack-router}',
      '  resources: {cpu: "2", memory: 8Gi}',
      '  env: [{name: LOG_LEVEL, value: info}]',
      '',
    ].join('\n');
    const obj = objectOf(text);
    assert.deepEqual(obj.podSpecs[0]?.containers.map((c) => c.name), ['router']);
    assert.deepEqual(ruleIds(text), ['MLK201']);
    assert.match(messagesOf(text, 'MLK201')[0] ?? '', /"docker\.io\/lmcache\/lmstack-router" without a tag/);
  });

  it('a NIMService’s container is `<name>-ctr`', () => {
    const text = ['apiVersion: apps.nvidia.com/v1alpha1', 'kind: NIMService', 'metadata: {name: llama3}', 'spec:', '  image: {repository: nvcr.io/nim/meta/llama3-8b-instruct, tag: "1.0.0"}', '  resources: {limits: {nvidia.com/gpu: 1}}', ''].join('\n');
    assert.deepEqual(objectOf(text).podSpecs[0]?.containers.map((c) => c.name), ['llama3-ctr']);
  });

  it('a Spark driver built on a pod template keeps the template container’s name; without one it is spark-kubernetes-driver', () => {
    const withTemplate = [
      'apiVersion: sparkoperator.k8s.io/v1beta2',
      'kind: SparkApplication',
      'metadata: {name: spark-pi}',
      'spec:',
      '  image: "spark:3.5.1"',
      '  driver:',
      '    template:',
      '      spec:',
      '        containers:',
      '          - name: spark-driver',
      '  executor:',
      '    instances: 1',
      '',
    ].join('\n');
    assert.deepEqual(objectOf(withTemplate).podSpecs.map((p) => p.containers[0]?.name), ['spark-driver', 'spark-kubernetes-executor']);
  });
});
