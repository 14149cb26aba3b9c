import * as assert from 'node:assert/strict';
import { parseMlcConfig } from '../../../../src/core/lint/config';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** MLK422's findings, the rule switched on. */
function mlk422(text: string) {
  const parsed = parseMlcConfig('rules:\n  MLK422: on\n');
  assert.ok(parsed.ok);
  return lintManifest(text, { config: parsed.config }).findings.filter((f) => f.ruleId === 'MLK422');
}

const job = (labelKey: string) =>
  [
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    '  name: finetune',
    'spec:',
    '  template:',
    '    metadata:',
    '      labels:',
    `        ${labelKey}: gpu-queue`,
    '    spec:',
    '      restartPolicy: Never',
    '      containers:',
    '        - name: train',
    '          image: registry.example/train:1.0.0',
    '',
  ].join('\n');

describe('MLK422 searches templates only in files whose text may hold the queue label', () => {
  it('finds the label written plainly', () => {
    assert.equal(mlk422(job('kueue.x-k8s.io/queue-name')).length, 1);
  });

  it('finds the label a double-quoted key spells with an escape', () => {
    assert.equal(mlk422(job('"kueue.x-k8s.io\\x2Fqueue-name"')).length, 1);
  });

  it('finds nothing in a file that names no queue label', () => {
    assert.deepEqual(mlk422(job('app')), []);
  });
});
