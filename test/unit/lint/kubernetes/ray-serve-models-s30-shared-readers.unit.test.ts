import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { kubeObject } from '../../../../src/core/lint/kubernetes/model';
import type { KubeObject } from '../../../../src/core/lint/kubernetes/model';
import { takesGpuSlice } from '../../../../src/core/lint/kubernetes/shared-gpu-pods';
import { mentionsServeModel, rayServeHubModel, runsServeReplicas } from '../../../../src/core/lint/rules/kubernetes/ray-serve-models';
import { YamlView } from '../../../../src/core/lint/yaml/access';
import { parseYaml } from '../../../../src/core/lint/yaml/parse';

function objectOf(text: string): KubeObject {
  const file = parseYaml(text);
  const document = file.documents[0];
  assert.ok(document);
  const obj = kubeObject(new YamlView(file, document));
  assert.ok(obj);
  return obj;
}

/** A RayService (or another kind) whose Serve config is `serveConfig`, with a head and one worker group. */
function rayService(serveConfig: string | undefined, head: { apiVersion?: string; kind?: string } = {}): KubeObject {
  return objectOf(
    [
      `apiVersion: ${head.apiVersion ?? 'ray.io/v1'}`,
      `kind: ${head.kind ?? 'RayService'}`,
      'metadata: {name: llm}',
      'spec:',
      ...(serveConfig === undefined ? [] : ['  serveConfigV2: |', ...serveConfig.split('\n').map((l) => `    ${l}`)]),
      '  rayClusterConfig:',
      '    headGroupSpec:',
      '      template: {spec: {containers: [{name: head, image: rayproject/ray-llm:2.46.0}]}}',
      '    workerGroupSpecs:',
      '      - groupName: gpu',
      '        template: {spec: {containers: [{name: llm, image: rayproject/ray-llm:2.46.0}]}}',
      '',
    ].join('\n'),
  );
}

const llmApp = (loading: string, runtimeEnv = ''): string =>
  `applications:\n  - name: llms\n    import_path: ray.serve.llm:build_openai_app\n${runtimeEnv}    args:\n      llm_configs:\n        - model_loading_config:\n${loading}`;
const modelIdApp = (model: string): string => `applications:\n  - name: app\n    import_path: vllm_app:app\n    runtime_env:\n      env_vars:\n        MODEL_ID: ${model}`;

const hubFromSource = llmApp('            model_id: qwen\n            model_source: Qwen/Qwen2.5-7B-Instruct');
const hubFromId = llmApp('            model_id: Qwen/Qwen2.5-7B-Instruct');
const fromPath = llmApp('            model_id: m\n            model_source: /models/qwen');
const fromBucket = llmApp('            model_id: m\n            model_source:\n              bucket_uri: gs://models/qwen');
const otherApp = 'applications:\n  - name: app\n    import_path: serve_app:app\n    args:\n      model: Qwen/Qwen2.5-7B';

describe('s30: the Ray Serve model reader MLK104 and MLK419 share', () => {
  it('mentionsServeModel: any model app in the Serve config, whatever its source', () => {
    for (const config of [hubFromSource, hubFromId, fromPath, fromBucket, modelIdApp('meta-llama/Llama-3.1-8B'), modelIdApp('/models/llama')]) {
      assert.equal(mentionsServeModel(rayService(config)), true, config);
    }
    assert.equal(mentionsServeModel(rayService(otherApp)), false);
    assert.equal(mentionsServeModel(rayService(undefined)), false);
    assert.equal(mentionsServeModel(rayService(hubFromId, { kind: 'RayCluster' })), false);
  });

  it('rayServeHubModel: only a hub model a parsed app loads (model_source, else model_id, or a runtime env MODEL_ID)', () => {
    for (const config of [hubFromSource, hubFromId, modelIdApp('meta-llama/Llama-3.1-8B')]) {
      assert.deepEqual(rayServeHubModel(rayService(config)), {}, config);
    }
    for (const config of [fromPath, fromBucket, modelIdApp('/models/llama'), otherApp, 'applications: [', '# none\n']) {
      assert.equal(rayServeHubModel(rayService(config)), null, config);
    }
    assert.equal(rayServeHubModel(rayService(undefined)), null);
  });

  it('rayServeHubModel: a KubeRay RayService only', () => {
    assert.equal(rayServeHubModel(rayService(hubFromId, { apiVersion: 'example.com/v1' })), null);
    assert.equal(rayServeHubModel(rayService(hubFromId, { kind: 'RayCluster' })), null);
    assert.equal(rayServeHubModel(objectOf('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: i}]}\n')), null);
  });

  it('rayServeHubModel: the cache a runtime env moves, the LLM config\'s before its app\'s', () => {
    const appEnv = '    runtime_env:\n      env_vars:\n        HF_HOME: /cache/app\n';
    assert.deepEqual(rayServeHubModel(rayService(llmApp('            model_id: org/m', appEnv))), { hfHome: '/cache/app' });
    const llmEnv = '            model_id: org/m\n          runtime_env:\n            env_vars:\n              HF_HUB_CACHE: /cache/llm';
    assert.deepEqual(rayServeHubModel(rayService(llmApp(llmEnv, appEnv))), { hfHome: '/cache/llm' });
    const idEnv = `${modelIdApp('org/m')}\n        HUGGINGFACE_HUB_CACHE: /cache/id`;
    assert.deepEqual(rayServeHubModel(rayService(idEnv)), { hfHome: '/cache/id' });
  });

  it('every hub model app is also a mentioned one: the readings never disagree on which configs name a model', () => {
    for (const config of [hubFromSource, hubFromId, fromPath, fromBucket, modelIdApp('org/m'), modelIdApp('/m'), otherApp, '# none\n']) {
      const obj = rayService(config);
      assert.ok(rayServeHubModel(obj) === null || mentionsServeModel(obj), config);
    }
  });

  it('runsServeReplicas: the worker groups\' pods, not the head\'s', () => {
    const obj = rayService(hubFromId);
    assert.deepEqual(
      obj.podSpecs.map((p) => [p.role, runsServeReplicas(p)]),
      [
        ['head', false],
        ['gpu', true],
      ],
    );
  });
});

/** A surge-rolling GPU Deployment (maxSurge 1, maxUnavailable 0) whose containers ask for `limits`, one mapping each. */
function surgeDeployment(...limits: string[]): string {
  const containers = limits.map((l, i) => `        - name: c${i}\n          image: registry.example/cuda:12.4\n          resources:\n            limits: {${l}}\n`).join('');
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  strategy:\n    type: RollingUpdate\n    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      containers:\n${containers}`;
}

describe('s30: MLK417 reads shared GPUs as takesGpuSlice does (the Deployment\'s one pod template)', () => {
  const cases: { limits: string[]; slice: boolean }[] = [
    { limits: ['nvidia.com/gpu: 1'], slice: false },
    { limits: ['nvidia.com/gpu: 1, nvidia.com/gpucores: 30, nvidia.com/gpumem: 1024'], slice: true },
    { limits: ['nvidia.com/gpu: 1, nvidia.com/gpucores: 100, nvidia.com/gpumem: 1024'], slice: false },
    { limits: ['nvidia.com/gpu: 1, nvidia.com/gpumem-percentage: 100'], slice: false },
    { limits: ['nvidia.com/gpu.shared: 1'], slice: true },
    { limits: ['nvidia.com/gpu: 1, nvidia.com/gpumem: 1024', 'nvidia.com/gpu: 1, nvidia.com/gpucores: 100'], slice: false },
    { limits: ['koordinator.sh/gpu.shared: 1, koordinator.sh/gpu-core: 50, koordinator.sh/gpu-memory-ratio: 50'], slice: true },
    { limits: ['koordinator.sh/gpu.shared: 1, koordinator.sh/gpu-core: 100, koordinator.sh/gpu-memory-ratio: 100'], slice: false },
  ];
  for (const { limits, slice } of cases) {
    it(`${limits.join(' | ')}: ${slice ? 'a slice, no finding' : 'no slice, a finding'}`, () => {
      const text = surgeDeployment(...limits);
      const obj = objectOf(text);
      assert.equal(obj.podSpecs.length, 1);
      assert.equal(obj.podSpecs.some((p) => takesGpuSlice(obj.view, p)), slice);
      const found = lintManifest(text, { fixes: false }).findings.filter((f) => f.ruleId === 'MLK417');
      assert.equal(found.length, slice ? 0 : 1);
    });
  }
});
