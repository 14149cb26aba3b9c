import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** A RayService whose Serve config is `serveConfig` (indented under the block scalar) and one GPU worker without volumes. */
function rayService(serveConfig: string): string {
  return [
    'apiVersion: ray.io/v1',
    'kind: RayService',
    'metadata:',
    '  name: llm',
    'spec:',
    '  serveConfigV2: |',
    ...serveConfig.split('\n').map((l) => `    ${l}`),
    '  rayClusterConfig:',
    '    headGroupSpec:',
    '      rayStartParams: {}',
    '      template:',
    '        spec:',
    '          containers:',
    '            - name: ray-head',
    '              image: rayproject/ray-llm:2.46.0-py311-cu124',
    '    workerGroupSpecs:',
    '      - groupName: gpu',
    '        rayStartParams: {}',
    '        template:',
    '          spec:',
    '            containers:',
    '              - name: llm',
    '                image: rayproject/ray-llm:2.46.0-py311-cu124',
    '                resources:',
    '                  limits:',
    '                    nvidia.com/gpu: "1"',
    '',
  ].join('\n');
}

const mlk419 = (text: string) => lintManifest(text, { fixes: false }).findings.filter((f) => f.ruleId === 'MLK419');

describe('MLK419: Ray Serve LLM applications in a RayService', () => {
  const app = (loading: string) => `applications:\n  - name: llms\n    import_path: ray.serve.llm:build_openai_app\n    args:\n      llm_configs:\n        - model_loading_config:\n${loading}`;

  it('a hub model named by model_source, or by model_id alone, is a download on the GPU worker', () => {
    for (const loading of ['            model_id: qwen\n            model_source: Qwen/Qwen2.5-7B-Instruct', '            model_id: Qwen/Qwen2.5-7B-Instruct']) {
      const found = mlk419(rayService(app(loading)));
      assert.equal(found.length, 1, loading);
      assert.match(found[0]?.message ?? '', /container "llm" downloads its model into \/home\/ray\/\.cache\/huggingface/);
    }
  });

  it('a model from a local path or a bucket, another import path, or no Serve config at all: nothing', () => {
    assert.deepEqual(mlk419(rayService(app('            model_id: m\n            model_source: /models/qwen'))), []);
    assert.deepEqual(mlk419(rayService(app('            model_id: m\n            model_source:\n              bucket_uri: gs://models/qwen'))), []);
    assert.deepEqual(mlk419(rayService('applications:\n  - name: app\n    import_path: serve_app:app\n    args:\n      model: Qwen/Qwen2.5-7B')), []);
    assert.deepEqual(mlk419(rayService('# no applications\n')), []);
  });

  it('a hostile Serve config (an alias bomb, a broken YAML text) ends with findings or none, never a throw', () => {
    const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      laughs.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    }
    const bomb = `builder: ray.serve.llm\n${laughs.join('\n')}\napplications: *i`;
    for (const config of [bomb, 'applications: [ray.serve.llm: {', 'ray.serve.llm: "\\u0000']) {
      const result = lintManifest(rayService(config), { fixes: false });
      assert.ok(Array.isArray(result.findings), config.slice(0, 40));
      assert.deepEqual(result.findings.filter((f) => f.ruleId === 'MLK419'), []);
    }
  });
});
