import * as assert from 'node:assert/strict';
import { emptyConfig, parseMlcConfig } from '../../../../src/core/lint/config';
import type { MlcConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';

const ids = (text: string, options: { config?: MlcConfig; noInlineIgnores?: boolean; path?: string } = {}) =>
  lintCompose(text, { config: options.config ?? emptyConfig(), ...options }).findings.map((f) => `${f.ruleId}@${f.range.start.line}`);

const config = (yaml: string): MlcConfig => {
  const parsed = parseMlcConfig(yaml);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.config;
};

const project = (above = '', trailing = '') => `name: lab
services:
${above}  notebook:
    image: quay.io/jupyter/pytorch-notebook:2024-10-07
    ports:
      - "8888:8888"${trailing}
  trainer:
    image: acme/trainer
    gpus: all
`;

describe('Compose suppressions (§9.2) and .mlc.yaml (§9.4)', () => {
  it('finds MLC410, MLC201 and MLC405 (MLC410 supersedes MLC102 on the same port) without suppressions', () => {
    assert.deepEqual(ids(project()), ['MLC410@6', 'MLC405@7', 'MLC408@7', 'MLC201@8']);
  });

  it('an own-line comment covers the next entry and its subtree; a trailing comment its own entry', () => {
    assert.deepEqual(ids(project('  # mlc-ignore MLC410 -- local only\n')), ['MLC405@8', 'MLC408@8', 'MLC201@9']);
    assert.deepEqual(ids(project('', ' # mlc-ignore MLC410')), ['MLC405@7', 'MLC408@7', 'MLC201@8']);
  });

  it('mlc-ignore-file covers the whole file; --no-inline-ignores audits', () => {
    assert.deepEqual(ids(`# mlc-ignore-file MLC201,MLC408\n${project()}`), ['MLC410@7', 'MLC405@8']);
    assert.deepEqual(ids(`# mlc-ignore-file\n${project()}`), []);
    assert.deepEqual(ids(`# mlc-ignore-file\n${project()}`, { noInlineIgnores: true }), ['MLC410@7', 'MLC405@8', 'MLC408@8', 'MLC201@9']);
  });

  it('honours .mlc.yaml severity overrides, off, enabling off-by-default rules, and path ignores', () => {
    const c = config('rules:\n  MLC201: error\n  MLC405: off\n  MLC503: on\nignore:\n  - paths: ["vendor/**"]\n    rules: [MLC408]\n');
    const findings = lintCompose(project().replace('name: lab\n', ''), { config: c, path: 'vendor/compose.yaml' }).findings;
    assert.deepEqual(findings.map((f) => `${f.ruleId}@${f.range.start.line}:${f.severity}`), ['MLC503@1:hint', 'MLC410@5:warning', 'MLC201@7:error']);
    assert.deepEqual(ids(project(), { config: config('ignore:\n  - paths: ["**/compose.yaml"]\n'), path: 'app/compose.yaml' }), []);
    // Kind/namespace selectors pick Kubernetes objects, never a Compose file.
    assert.deepEqual(ids(project(), { config: config('ignore:\n  - kind: Deployment\n') }), ['MLC410@6', 'MLC405@7', 'MLC408@7', 'MLC201@8']);
  });

  it('reads services through YAML anchors and merge keys', () => {
    const text = `x-gpu: &gpu
  gpus: all
  image: acme/trainer:1.0
services:
  a:
    <<: *gpu
  b:
    <<: *gpu
    ipc: host
`;
    assert.deepEqual(ids(text), ['MLC405@5', 'MLC408@5', 'MLC408@7']);
  });
});
