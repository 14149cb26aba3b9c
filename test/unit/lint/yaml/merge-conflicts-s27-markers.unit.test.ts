import * as assert from 'node:assert/strict';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

const at = (findings: readonly { ruleId: string; range: { start: { line: number } }; message: string }[], id: string) =>
  findings.filter((f) => f.ruleId === id).map((f) => `${f.range.start.line} ${f.message.slice(0, 40)}`);

const conflict = (ours: string, theirs: string) => ['<<<<<<< HEAD', ours, '=======', theirs, '>>>>>>> origin/main'];

describe('an unresolved merge conflict is one finding at its <<<<<<< line, without the parser errors it causes', () => {
  it('MLK001: once per conflict, each in the document it begins in; other documents keep their own errors', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: a}',
      ...conflict('data: {x: "1"}', 'data: {x: "2"}'),
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: [unclosed',
      '',
    ].join('\n');
    assert.deepEqual(at(lintManifest(text).findings, 'MLK001'), ['4 Unresolved merge conflict (lines 4-8); k', '12 YAML syntax error: Flow sequence in bloc']);
  });

  it('MLK001: a conflict whose sides hold a `---` is reported once, in the document it opens in', () => {
    const text = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: a}', ...conflict('---', 'data: {}'), ''].join('\n');
    assert.deepEqual(at(lintManifest(text).findings, 'MLK001'), ['4 Unresolved merge conflict (lines 4-8); k']);
  });

  it('MLK001: the two sides repeating a key are no duplicate-key finding; a marker without its closing line is a plain parse error', () => {
    const sides = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', ...conflict('  labels: {a: b}', '  labels: {a: c}'), ''].join('\n');
    assert.deepEqual(at(lintManifest(sides).findings, 'MLK001'), ['5 Unresolved merge conflict (lines 5-9); k']);
    const unclosed = ['apiVersion: v1', 'kind: Pod', '<<<<<<< HEAD', 'metadata: {name: p}', ''].join('\n');
    const errors = at(lintManifest(unclosed).findings, 'MLK001');
    assert.ok(errors.length > 0 && errors.every((f) => f.includes('YAML syntax error')), errors.join('; '));
  });

  it('MLC001: the same in a Compose file', () => {
    const text = ['services:', '  vllm:', ...conflict('    image: vllm/vllm-openai:v0.9.1', '    image: vllm/vllm-openai:v0.9.2'), '    ports: ["8000:8000"]', ''].join('\n');
    assert.deepEqual(at(lintCompose(text).findings, 'MLC001'), ['3 Unresolved merge conflict (lines 3-7); k']);
  });
});
