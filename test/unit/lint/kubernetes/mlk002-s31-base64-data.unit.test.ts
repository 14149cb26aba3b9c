import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { kubernetesRules } from '../../../../src/core/lint/rules/kubernetes';
import { parseYaml } from '../../../../src/core/lint/yaml/parse';
import { isBase64 } from '../../../../src/core/schemas/base64';
import { validateDocuments, validateText } from '../../../../src/core/schemas/validate';
import { fixtureSchemas } from './support';

const rule = kubernetesRules.find((r) => r.meta.id === 'MLK002');
const fixture = join(process.cwd(), 'test', 'fixtures', 'lint', 'kubernetes', 'MLK002', 'fail', 's31-secret-data-not-base64.yaml');

function mlk002(text: string): string[] {
  assert.ok(rule);
  return lintManifest(text, { rules: [rule], schemas: fixtureSchemas() }).findings.map((f) => f.message);
}

describe('MLK002: format: byte strings are base64 (s31)', () => {
  it('accepts what Go decodes as []byte (padded standard base64, line breaks skipped) and nothing else', () => {
    // Each case as encoding/json decodes a JSON string into []byte, which is how the API server reads Secret data.
    const accepted = ['', 'YWI=', 'YQ==', 'YR==', 'YWJj\nZGVm', 'YWJj\r\nZGVm\n', 'YQ=\n=', 'YWJj\n', 'a+b/'];
    const refused = ['YWI', 'YQ=', 'YWJj ZGVm', 'sample_aws_region', 'YW-j', 'YW_j', 'YWJj====', 'Y===', '====', 'YQ==YQ==', ' YWJj'];
    assert.deepEqual(accepted.filter((v) => !isBase64(v)), []);
    assert.deepEqual(refused.filter((v) => isBase64(v)), []);
  });

  it('gives the same findings on the lint path (documents the linter parsed) as on the editor path (validateText)', () => {
    const text = readFileSync(fixture, 'utf8');
    const { store, version } = fixtureSchemas();
    const editor = validateText(text, 'secret.yaml', store, version);
    assert.deepEqual(editor.map((d) => d.code), ['format', 'format', 'format', 'format']);
    assert.deepEqual(validateDocuments(parseYaml(text).documents, store, version), editor);
  });

  it('says what to do by the field: stringData for a Secret, data for a ConfigMap, the padding when only that is missing', () => {
    const secret = (value: string) => mlk002(`apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  key: ${value}\n`);
    assert.deepEqual(secret('sample_aws_region'), ['data.key: Secret data values must be base64; put plain text under stringData.']);
    assert.match(secret('aGVsbG8')[0] ?? '', /padded with "=" to a multiple of 4 characters/);
    assert.deepEqual(secret('"<base64-encoded-password>"'), []);
    assert.deepEqual(secret('$AWS_SECRET_B64'), []);
    const list = ['apiVersion: v1', 'kind: List', 'items:', '  - apiVersion: v1', '    kind: Secret', '    metadata: {name: s}', '    data: {key: plain text}', ''].join('\n');
    assert.deepEqual(mlk002(list), ['items[0].data.key: Secret data values must be base64; put plain text under stringData.']);
    const webhook = ['apiVersion: admissionregistration.k8s.io/v1', 'kind: ValidatingWebhookConfiguration', 'metadata: {name: w}', 'webhooks:', '  - name: w.example.com', '    admissionReviewVersions: [v1]', '    sideEffects: None', '    clientConfig:', '      service: {name: w, namespace: default}', '      caBundle: "-----BEGIN CERTIFICATE-----"', ''].join('\n');
    assert.deepEqual(mlk002(webhook), ['webhooks[0].clientConfig.caBundle: Expected base64 (format: byte), which the API server decodes; encode the value (base64 -w0).']);
  });
});
