import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import type { KubeObject } from '../../../../src/core/lint/kubernetes/model';
import { fixtureSchemas, objectOf } from './support';

/** A v1beta1 DynamoGraphDeployment: `spec.components[]`, each with a PodTemplateSpec (deploy/operator/api/v1beta1). */
const graph = (body: string[]): string => ['apiVersion: nvidia.com/v1beta1', 'kind: DynamoGraphDeployment', 'metadata: {name: g, namespace: d}', 'spec:', '  backendFramework: vllm', ...body, ''].join('\n');

const runtime = 'nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.4.2';

/** A component whose pod template holds `containers` (each a list of lines at the container's indentation). */
const component = (name: string, containers: string[][], extra: string[] = []): string[] => [
  `    - name: ${name}`,
  '      type: worker',
  ...extra.map((l) => `      ${l}`),
  '      podTemplate:',
  '        spec:',
  '          containers:',
  ...containers.flatMap(([first, ...rest]) => [`            - ${first}`, ...rest.map((l) => `              ${l}`)]),
];

const gpuMain = (extra: string[] = []): string[] => ['name: main', `image: ${runtime}`, 'args: [-m, dynamo.vllm, --model, Qwen/Qwen3-0.6B]', ...extra, 'resources:', '  limits: {nvidia.com/gpu: "1"}'];

function envOf(obj: KubeObject, pod: number): [string | undefined, string | undefined][] {
  const main = obj.podSpecs[pod]?.containers[0];
  assert.ok(main, 'a main container');
  return obj.view.list(obj.view.get(main.node, 'env')).map((e) => [obj.view.text(e, 'name'), obj.view.text(e, 'value')]);
}

function findings(text: string, id: string): string[] {
  return lintManifest(text, { schemas: fixtureSchemas() })
    .findings.filter((f) => f.ruleId === id)
    .map((f) => `${f.range.start.line}:${f.range.start.column} ${f.message}`);
}

describe('DynamoGraphDeployment nvidia.com/v1beta1: one pod per spec.components entry', () => {
  it('reads each component’s podTemplate, its main container first, with the component’s name as the role', () => {
    const text = graph([
      '  components:',
      ...component('Frontend', [['name: main', `image: ${runtime}`]]),
      ...component('Worker', [['name: logs', 'image: fluent/fluent-bit:3.2.0'], gpuMain()]),
      '    - name: Planner',
      '      type: planner',
    ]);
    const obj = objectOf(text);
    assert.equal(obj.workload, 'serving');
    assert.deepEqual(
      obj.podSpecs.map((p) => [p.role, p.path.join('.'), p.containers.map((c) => c.name)]),
      [
        ['Frontend', 'spec.components.0.podTemplate.spec', ['main']],
        ['Worker', 'spec.components.1.podTemplate.spec', ['main', 'logs']],
      ],
    );
    assert.deepEqual(obj.podSpecs[1]?.assembled?.containerPaths.map((p) => p.join('.')), ['spec.components.1.podTemplate.spec.containers.1', 'spec.components.1.podTemplate.spec.containers.0']);
    assert.equal(obj.podSpecs[1]?.containers[0]?.resourcesAtRunTime, true, 'the operator merges its defaults into main');
    assert.equal(obj.podSpecs[1]?.containers[1]?.resourcesAtRunTime, undefined, 'a sidecar is the user’s');
  });

  it('prepends the graph’s env to the main container’s, whose entries win by name; sidecars keep their own', () => {
    const text = graph([
      '  env:',
      '    - {name: DYN_LOG, value: info}',
      '    - {name: HF_HUB_OFFLINE, value: "1"}',
      '  components:',
      ...component('Frontend', [['name: main', `image: ${runtime}`]]),
      ...component('Worker', [gpuMain(['env:', '  - {name: DYN_LOG, value: debug}', '  - {name: MODEL, value: q}']), ['name: logs', 'image: fluent/fluent-bit:3.2.0']]),
    ]);
    const obj = objectOf(text);
    assert.deepEqual(envOf(obj, 0), [
      ['DYN_LOG', 'info'],
      ['HF_HUB_OFFLINE', '1'],
    ]);
    assert.deepEqual(envOf(obj, 1), [
      ['HF_HUB_OFFLINE', '1'],
      ['DYN_LOG', 'debug'],
      ['MODEL', 'q'],
    ]);
    assert.equal(obj.view.get(obj.podSpecs[1]?.containers[1]?.node, 'env'), undefined);
  });

  it('takes the container `mainContainerName` names as the main one, else `main`, else the first', () => {
    const text = graph([
      '  components:',
      ...component('Renamed', [['name: logs', 'image: fluent/fluent-bit:3.2.0'], ['name: engine', `image: ${runtime}`]], ['mainContainerName: engine']),
      ...component('Unnamed', [['name: engine', `image: ${runtime}`], ['name: logs', 'image: fluent/fluent-bit:3.2.0']]),
    ]);
    assert.deepEqual(
      objectOf(text).podSpecs.map((p) => p.containers.map((c) => c.name)),
      [
        ['engine', 'logs'],
        ['engine', 'logs'],
      ],
    );
  });

  it('a GPU worker: judged as v1alpha1’s services are, the operator’s /dev/shm (sharedMemorySize) and probes left to it', () => {
    const text = graph(['  components:', ...component('Worker', [gpuMain()], ['replicas: 2', 'sharedMemorySize: 64Gi'])]);
    const ids = lintManifest(text).findings.map((f) => f.ruleId);
    assert.ok(ids.includes('MLK409'), 'no GPU toleration');
    for (const id of ['MLK405', 'MLK408', 'MLK415', 'MLK311', 'MLK301', 'MLK006']) {
      assert.ok(!ids.includes(id), `${id} is the operator’s`);
    }
  });

  it('MLK002 checks each component’s containers as Containers', () => {
    const text = graph(['  components:', ...component('Worker', [gpuMain(['privileged: true'])])]);
    assert.deepEqual(findings(text, 'MLK002'), ['15:15 spec.components[0].podTemplate.spec.containers[0].privileged: Unknown field "privileged".']);
  });

  it('a literal secret in the graph’s env is reported once, where it is written', () => {
    const text = graph(['  env:', '    - {name: HF_TOKEN, value: 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}', '  components:', ...component('Frontend', [['name: main', `image: ${runtime}`]]), ...component('Worker', [gpuMain()])]);
    assert.deepEqual(
      lintManifest(text)
        .findings.filter((f) => f.ruleId === 'MLK117')
        .map((f) => f.range.start.line),
      [7],
    );
  });

  it('leaves the v1alpha1 path as it was: spec.services, extraPodSpec.mainContainer, graph and service envs', () => {
    const text = [
      'apiVersion: nvidia.com/v1alpha1',
      'kind: DynamoGraphDeployment',
      'metadata: {name: g, namespace: d}',
      'spec:',
      '  envs: [{name: DYN_LOG, value: info}]',
      '  components: [{name: ignored}]',
      '  services:',
      '    Frontend:',
      '      extraPodSpec:',
      `        mainContainer: {image: ${runtime}}`,
      '    worker:',
      '      envs: [{name: DYN_LOG, value: debug}]',
      '      resources: {limits: {gpu: "1"}}',
      '      extraPodSpec:',
      '        containers: [{name: logs, image: "fluent/fluent-bit:3.2.0"}]',
      `        mainContainer: {image: ${runtime}}`,
      '',
    ].join('\n');
    const obj = objectOf(text);
    assert.deepEqual(
      obj.podSpecs.map((p) => [p.role, p.path.join('.'), p.containers.map((c) => c.name), p.assembled?.containerPaths.map((c) => c.join('.'))]),
      [
        ['Frontend', 'spec.services.Frontend.extraPodSpec', ['main'], ['spec.services.Frontend.extraPodSpec.mainContainer']],
        ['worker', 'spec.services.worker.extraPodSpec', ['main', 'logs'], ['spec.services.worker.extraPodSpec.mainContainer', 'spec.services.worker.extraPodSpec.containers.0']],
      ],
    );
    assert.deepEqual(envOf(obj, 1), [['DYN_LOG', 'debug']]);
    assert.deepEqual(
      lintManifest(text)
        .findings.filter((f) => f.ruleId.startsWith('MLK4'))
        .map((f) => `${f.ruleId}@${f.range.start.line}`),
      ['MLK409@16'],
    );
  });
});
