import * as assert from 'node:assert/strict';
import { ruleIds } from './support';

/** An Ollama Deployment with one GPU, the container's extra lines and a liveness probe of default thresholds (30 s). */
const ollama = (container: string[], probe: string[], image = 'ollama/ollama:0.6.5') =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: ollama}',
    'spec:',
    '  selector: {matchLabels: {app: ollama}}',
    '  template:',
    '    metadata: {labels: {app: ollama}}',
    '    spec:',
    '      containers:',
    '        - name: ollama',
    `          image: ${image}`,
    '          ports: [{containerPort: 11434}]',
    '          resources: {limits: {nvidia.com/gpu: 1}}',
    ...container.map((l) => `          ${l}`),
    '          livenessProbe:',
    ...probe.map((l) => `            ${l}`),
    '',
  ].join('\n');

const reports = (text: string): boolean => ruleIds(text).includes('MLK416');

describe('MLK416 on Ollama: `ollama serve` answers at once and loads models on request', () => {
  it('a probe on a route that needs no model, or on the port, cannot kill a model load', () => {
    for (const probe of [['httpGet: {path: /, port: 11434}'], ['httpGet: {path: /api/version, port: 11434}'], ['httpGet: {path: /api/tags/, port: 11434}'], ['httpGet: {path: /v1/models, port: 11434}'], ['tcpSocket: {port: 11434}']]) {
      assert.ok(!reports(ollama([], probe)), probe[0]);
    }
    assert.ok(!reports(ollama(['args: [serve]'], ['httpGet: {path: /, port: 11434}'])), 'the image’s own subcommand');
    assert.ok(!reports(ollama(['command: [/bin/ollama, serve]'], ['httpGet: {path: /, port: 11434}'])));
    assert.ok(!reports(ollama([], ['httpGet: {path: /, port: 11434}'], 'registry.example/mirror/ollama:0.6.5')), 'a mirrored image');
  });

  it('a wrapper that starts the server first keeps it answering while it pulls', () => {
    assert.ok(!reports(ollama(['command: [/bin/bash, -c]', 'args: ["mkdir -p /root/.ollama && ollama serve & sleep 5; ollama pull llama3.1; wait"]'], ['httpGet: {path: /, port: 11434}'])));
    assert.ok(!reports(ollama(['command: ["/bin/sh", "-c", "exec ollama serve"]'], ['httpGet: {path: /, port: 11434}'])));
  });

  it('still reports a probe that waits for a model, or a server started only after something else', () => {
    assert.ok(reports(ollama([], ['exec: {command: [/bin/sh, -c, "ollama list | grep -q llama3"]}'])), 'an exec probe');
    assert.ok(reports(ollama([], ['httpGet: {path: /api/show, port: 11434}'])), 'a route that is no plain GET of the server');
    assert.ok(reports(ollama(['command: [/bin/sh, -c]', 'args: ["huggingface-cli download org/model-GGUF --local-dir /models && ollama serve"]'], ['httpGet: {path: /, port: 11434}'])), 'a download before the server listens');
    assert.ok(reports(ollama(['args: [run, llama3]'], ['httpGet: {path: /, port: 11434}'])), 'not the server');
  });

  it('other servers on / keep their finding', () => {
    assert.ok(reports(ollama([], ['httpGet: {path: /, port: 8000}'], 'vllm/vllm-openai:v0.9.2')));
  });
});
