import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

const fixture = (name: string) => fs.readFileSync(path.join('test/fixtures/lint/kubernetes/MLK419', name), 'utf8');
const mlk419 = (text: string) => lintManifest(text).findings.filter((f) => f.ruleId === 'MLK419');

/** A GPU Deployment running `command` and `args` in an image not named for any model server, with `env` (YAML lines). */
function server(command: string, args: string, env: string[]): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: server',
    'spec:',
    '  selector:',
    '    matchLabels: {app: server}',
    '  template:',
    '    metadata:',
    '      labels: {app: server}',
    '    spec:',
    '      containers:',
    '        - name: server',
    '          image: registry.example.com/ml/serving-base:2025.03',
    `          command: ${command}`,
    `          args: ${args}`,
    '          env:',
    ...env.map((line) => `            ${line}`),
    '          resources:',
    '            limits:',
    '              nvidia.com/gpu: 1',
    '',
  ].join('\n');
}

const moduleServer = '["python3", "-m", "vllm.entrypoints.openai.api_server"]';

describe('MLK419: model ids the kubelet expands from env', () => {
  it('reports vLLM started by module with $(MODEL_ID) naming a hub model, in an image not named for vLLM', () => {
    const [found, ...rest] = mlk419(fixture('fail/vllm-entrypoint-model-from-env.yaml'));
    assert.ok(found);
    assert.deepEqual(rest, []);
    assert.match(found.message, /downloads its model into \/root\/\.cache\/huggingface/);
  });

  it('expands a variable whose value refers to one defined before it', () => {
    const env = ['- {name: ORG, value: Qwen}', '- {name: MODEL, value: "$(ORG)/Qwen2.5-7B-Instruct"}'];
    assert.equal(mlk419(server('["vllm"]', '["serve", "$(MODEL)"]', env)).length, 1);
  });

  it('leaves a reference to a variable defined after it as written, so names no hub model', () => {
    const env = ['- {name: MODEL, value: "$(ORG)/Qwen2.5-7B-Instruct"}', '- {name: ORG, value: Qwen}'];
    assert.deepEqual(mlk419(server(moduleServer, '["--model=$(MODEL)"]', env)), []);
  });

  it('does not expand an escaped $$(MODEL_ID)', () => {
    const env = ['- {name: MODEL_ID, value: Qwen/Qwen2.5-7B-Instruct}'];
    assert.deepEqual(mlk419(server(moduleServer, '["--model=$$(MODEL_ID)"]', env)), []);
  });

  it('is silent when the variable comes from a ConfigMap: a hub id or a path on a volume, the manifest cannot tell', () => {
    const env = ['- name: MODEL_ID', '  valueFrom: {configMapKeyRef: {name: model, key: id}}'];
    assert.deepEqual(mlk419(server(moduleServer, '["--model=$(MODEL_ID)"]', env)), []);
  });

  it('is silent for a shell variable naming the model (the shell expands it, not the kubelet)', () => {
    const env = ['- {name: MODEL_ID, value: /var/models/llama}'];
    assert.deepEqual(mlk419(server('["bash", "-c"]', '["python -m vllm.entrypoints.openai.api_server --model ${MODEL_ID}"]', env)), []);
  });

  it('is silent when the expanded model is a path on a PersistentVolumeClaim', () => {
    assert.deepEqual(mlk419(fixture('pass/vllm-entrypoint-model-path-from-env.yaml')), []);
  });

  it('reports vLLM started by module in any image when its model sits on an emptyDir', () => {
    const text = fixture('pass/vllm-entrypoint-model-path-from-env.yaml').replace(/persistentVolumeClaim:\n\s+claimName: gemma-weights/, 'emptyDir: {}');
    const [found] = mlk419(text);
    assert.ok(found);
    assert.match(found.message, /serves its model from \/models\/google\/gemma-3-27b-it on the emptyDir "models"/);
  });
});
