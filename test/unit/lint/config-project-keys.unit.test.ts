import * as assert from 'node:assert/strict';
import { parseMlcConfig, settingsFromConfig } from '../../../src/core/lint/config';
import { lintCompose } from '../../../src/core/lint/compose/lint';
import { lintManifest } from '../../../src/core/lint/kubernetes/lint';

function config(text: string) {
  const parsed = parseMlcConfig(text);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.errors.join('; '));
  return parsed.config;
}

function errorsOf(text: string): string[] {
  const parsed = parseMlcConfig(text);
  assert.equal(parsed.ok, false);
  return parsed.ok ? [] : parsed.errors;
}

describe('.mlc.yaml top-level keys reach the rules that read them', () => {
  it('kubernetesVersion becomes MLK003/MLK004 kubernetesVersion', () => {
    const options = settingsFromConfig(config('kubernetesVersion: "1.33"\n')).ruleOptions;
    assert.deepEqual(options.MLK003, { kubernetesVersion: '1.33' });
    assert.deepEqual(options.MLK004, { kubernetesVersion: '1.33' });
    assert.equal(config('kubernetesVersion: v1.29.4\n').kubernetesVersion, '1.29');
  });

  it('requiredMetadata becomes MLK504 labels/annotations, and MLK504 then fires', () => {
    const c = config('requiredMetadata: { labels: [team], annotations: [owner] }\n');
    assert.deepEqual(settingsFromConfig(c).ruleOptions.MLK504, { labels: ['team'], annotations: ['owner'] });
    const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n    app: x\n';
    const ids = lintManifest(manifest, { config: c }).findings.map((f) => f.ruleId);
    assert.ok(ids.includes('MLK504'), ids.join(','));
    assert.ok(!lintManifest(manifest).findings.some((f) => f.ruleId === 'MLK504'));
  });

  it('labels.schema/strict become MLD512 schema/strict', () => {
    const c = config('labels: { schema: { org.opencontainers.image.source: url }, strict: true }\n');
    assert.deepEqual(settingsFromConfig(c).ruleOptions.MLD512, { schema: { 'org.opencontainers.image.source': 'url' }, strict: true });
  });

  it('compose.minVersion becomes MLC407 minVersion, and MLC407 then fires on gpus:', () => {
    const c = config('compose: { minVersion: "2.20" }\n');
    assert.deepEqual(settingsFromConfig(c).ruleOptions.MLC407, { minVersion: '2.20' });
    const compose = 'services:\n  train:\n    image: pytorch/pytorch:2.4.0-cuda12.1-cudnn9-runtime\n    gpus: all\n';
    assert.ok(lintCompose(compose, { config: c }).findings.some((f) => f.ruleId === 'MLC407'));
  });

  it('explicit rules.<ID>.options win over the top-level key', () => {
    const c = config('kubernetesVersion: "1.33"\nrules:\n  MLK003:\n    options: { kubernetesVersion: "1.25" }\n');
    const options = settingsFromConfig(c).ruleOptions;
    assert.deepEqual(options.MLK003, { kubernetesVersion: '1.25' });
    assert.deepEqual(options.MLK004, { kubernetesVersion: '1.33' });
  });

  it('bad values get clear errors', () => {
    assert.deepEqual(errorsOf('kubernetesVersion: latest\n'), ['kubernetesVersion must be a Kubernetes minor such as "1.33"']);
    assert.deepEqual(errorsOf('requiredMetadata: { label: [team] }\n'), ['requiredMetadata: unknown key "label"']);
    assert.deepEqual(errorsOf('requiredMetadata: [team]\n'), ['requiredMetadata must be a mapping with labels and/or annotations']);
    assert.deepEqual(errorsOf('labels: { strict: yes please }\n'), ['labels.strict must be true or false']);
    assert.deepEqual(errorsOf('compose: { minVersion: [2] }\n'), ['compose.minVersion must be a version such as "2.30"']);
  });

  it('a key that configures an off-by-default rule turns it on, unless the rule sets a severity', () => {
    assert.equal(config('requiredMetadata: { labels: [team] }\n').rules.MLK504?.severity, 'on');
    assert.equal(config('labels: { schema: { a: string } }\n').rules.MLD512?.severity, 'on');
    assert.equal(config('compose: { minVersion: "2.20" }\n').rules.MLC407?.severity, 'on');
    assert.equal(config('requiredMetadata: { labels: [team] }\nrules: { MLK504: off }\n').rules.MLK504?.severity, 'off');
    assert.equal(config('requiredMetadata: { labels: [] }\n').rules.MLK504, undefined);
  });

  it('no top-level keys: no rule options are invented', () => {
    assert.deepEqual(settingsFromConfig(config('failOn: error\n')).ruleOptions, {});
  });
});
