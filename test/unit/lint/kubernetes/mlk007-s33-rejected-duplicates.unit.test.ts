import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { fixtureSchemas } from './support';

const servingRuntime = fs.readFileSync(path.join(process.cwd(), 'test/fixtures/lint/kubernetes/MLK002/fail/s33-servingruntime-duplicate-env.yaml'), 'utf8');

/** Rule ID and line of the MLK002 and MLK007 findings, with the bundled schemas unless `schemas` is false. */
function duplicates(text: string, schemas = true): string[] {
  const found = lintManifest(text, schemas ? { schemas: fixtureSchemas() } : {}).findings;
  return found.filter((f) => f.ruleId === 'MLK002' || f.ruleId === 'MLK007').map((f) => `${f.ruleId}@${f.range.start.line}`);
}

const deployment = [
  'apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: web}', 'spec:', '  selector: {matchLabels: {app: web}}', '  template:',
  '    metadata: {labels: {app: web}}', '    spec:', '      containers:', '        - name: web', '          image: registry.example/web:1.0', '          env:',
  '            - name: A', '              value: "1"', '            - name: A', '              value: "2"', '',
].join('\n');

describe('MLK007 (s33): a repeat the API server rejects is MLK002\'s alone', () => {
  it('a ServingRuntime repeating an env name gets only MLK002\'s error, not "only the last value takes effect"', () => {
    assert.deepEqual(duplicates(servingRuntime), ['MLK002@20']);
  });

  it('near miss: a Deployment repeating an env name keeps MLK007 (the API server keeps the last value)', () => {
    assert.deepEqual(duplicates(deployment), ['MLK007@13']);
  });

  it('near miss: another schema error inside the repeated entry (a number for a value) leaves MLK007 its finding', () => {
    assert.deepEqual(duplicates(deployment.replace('value: "2"', 'value: 2')), ['MLK007@13', 'MLK002@16']);
  });

  it('near miss: without the schemas MLK002 reports nothing, so MLK007 still names the repeat', () => {
    assert.deepEqual(duplicates(servingRuntime, false), ['MLK007@16']);
  });
});
