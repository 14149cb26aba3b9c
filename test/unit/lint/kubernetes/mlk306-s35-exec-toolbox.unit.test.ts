import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { rule } from '../../../../src/core/lint/rules/kubernetes/mlk306-replicas-too-few';

/** A one-replica Deployment whose containers are given as YAML lines under `containers:`. */
function deployment(containerLines: string[]): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: genai-perf',
    'spec:',
    '  selector:',
    '    matchLabels: {app: genai-perf}',
    '  template:',
    '    metadata:',
    '      labels: {app: genai-perf}',
    '    spec:',
    '      containers:',
    ...containerLines.map((l) => `        ${l}`),
    '',
  ].join('\n');
}

const sleeper = ['- name: triton', '  image: nvcr.io/nvidia/tritonserver:24.12-py3-sdk', '  command: ["sleep", "infinity"]'];

function lines(text: string): number[] {
  return lintManifest(text, { rules: [rule] }).findings.map((f) => f.range.start.line);
}

describe('MLK306: a toolbox Deployment that only sleeps for kubectl exec', () => {
  it('is silent when every container only sleeps and listens on no port (sleep, or a shell script that echoes and sleeps)', () => {
    assert.deepEqual(lines(deployment(sleeper)), []);
    assert.deepEqual(lines(deployment(['- name: shell', '  image: python:3.12', '  command: ["/bin/sh", "-c", "echo ready; sleep infinity"]'])), []);
  });

  it('still reports a sleeper that declares a port, one beside a server, and a container running its image default', () => {
    assert.equal(lines(deployment([...sleeper, '  ports: [{containerPort: 8000}]'])).length, 1);
    assert.equal(lines(deployment([...sleeper, '- name: api', '  image: registry.example/api:1.0'])).length, 1);
    assert.equal(lines(deployment(['- name: api', '  image: registry.example/api:1.0'])).length, 1);
  });
});
