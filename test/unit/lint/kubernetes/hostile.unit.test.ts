import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { kubernetesRules } from '../../../../src/core/lint/rules/kubernetes';
import { parseYaml } from '../../../../src/core/lint/yaml/parse';

/** Every rule on, so hostile input reaches all of them. No timing assertion: mocha's timeout is the hang guard. */
function lintChecked(text: string) {
  const config = emptyConfig();
  for (const r of kubernetesRules) {
    config.rules[r.meta.id] = { severity: 'on' };
  }
  config.cluster.gpuRuntimeClass = 'nvidia';
  config.cluster.kueue = true;
  config.cluster.gpuProducts = ['A', 'B'];
  const result = lintManifest(text, { config });
  assert.deepEqual(result.problems.filter((p) => p.message.startsWith('internal error')), []);
  const lines = text.split('\n');
  for (const f of result.findings) {
    const { start, end } = f.range;
    assert.ok(start.line >= 1 && end.line <= lines.length && (end.line > start.line || end.column > start.column), `${f.ruleId} range ${JSON.stringify(f.range)}`);
  }
  return result;
}

const gpuPod = (n: number) => `apiVersion: v1
kind: Pod
metadata:
  name: p${n}
spec:
  containers:
    - name: c
      image: registry.example/x:1
      resources:
        limits:
          nvidia.com/gpu: 1
`;

describe('hostile manifests', () => {
  it('lints empty, whitespace-only and comment-only files to nothing', () => {
    assert.deepEqual(lintChecked(''), { findings: [], problems: [] });
    assert.deepEqual(lintChecked(' \n\t\r\n\n'), { findings: [], problems: [] });
    assert.deepEqual(lintChecked('# just a comment\n---\n'), { findings: [], problems: [] });
  });

  it('refuses NUL bytes (binary content) with a clear problem', () => {
    const r = lintChecked('apiVersion: v1\0\x01\x02kind: Pod');
    assert.deepEqual(r.findings, []);
    assert.match(r.problems[0]?.message ?? '', /NUL bytes: binary content/);
  });

  it('lints invalid UTF-8 (decoded to U+FFFD) without crashing', () => {
    const text = Buffer.from([...Buffer.from('apiVersion: v1\nkind: Pod\nmetadata:\n  name: '), 0xff, 0xfe, 0xc3, 0x28, 0x0a]).toString('utf8');
    const r = lintChecked(text);
    assert.deepEqual(r.problems, []);
  });

  it('stops an alias bomb with a clear problem instead of expanding it', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let k = 1; k < 12; k++) {
      const prev = String.fromCharCode(96 + k);
      const cur = String.fromCharCode(97 + k);
      levels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n${levels.map((l) => `  ${l}`).join('\n')}\n`;
    const r = lintChecked(text);
    assert.deepEqual(r.findings, []);
    assert.match(r.problems[0]?.message ?? '', /aliases expand the document to more than \d+ nodes/);
  });

  it('stops a self-referencing alias and deep nesting with clear problems', () => {
    const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${'['.repeat(2_000)}${']'.repeat(2_000)}\n`;
    lintChecked('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: self}\ndata: &a {x: *a}\n');
    const r = lintChecked(deep);
    assert.match(r.problems.map((p) => p.message).join('\n'), /nested (more than \d+ levels deep|too deeply)/);
    const block = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata:\n${Array.from({ length: 700 }, (_, k) => `${' '.repeat(2 * k + 2)}k${k}:`).join('\n')} x\n`;
    assert.match(lintChecked(block).problems.map((p) => p.message).join('\n'), /nested more than \d+ levels deep/);
  });

  it('lints a 5,000-document manifest, reporting every document', function () {
    this.timeout(60_000);
    const text = Array.from({ length: 5_000 }, (_, k) => gpuPod(k)).join('---\n');
    const r = lintChecked(text);
    assert.deepEqual(r.problems, []);
    assert.equal(r.findings.filter((f) => f.ruleId === 'MLK405').length, 5_000);
    assert.equal(parseYaml(text).documents.length, 5_000);
  });

  it('lints a manifest with a 1 MB line and a 5 MB file', function () {
    this.timeout(60_000);
    const longLine = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: long\ndata:\n  blob: ${'x'.repeat(1_000_000)}\n---\n${gpuPod(1)}`;
    const r = lintChecked(longLine);
    assert.deepEqual(r.problems, []);
    assert.ok(r.findings.some((f) => f.ruleId === 'MLK405' && f.range.start.line === 14));
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n${'  k: v\n'.replace('k', 'k0')}${Array.from({ length: 400_000 }, (_, k) => `  key${k}: v`).join('\n')}\n`;
    assert.ok(big.length > 5_000_000);
    assert.deepEqual(lintChecked(big).problems, []);
  });

  it('skips Helm-templated documents with an info problem and lints the rest', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n---\n${gpuPod(2)}`;
    const r = lintChecked(text);
    assert.deepEqual(r.problems.map((p) => p.level), ['info']);
    assert.ok(r.findings.length > 0 && r.findings.every((f) => f.range.start.line > 5));
    const all = lintChecked('{{- if .Values.enabled }}\napiVersion: v1\nkind: Pod\n{{- end }}\n');
    assert.deepEqual(all.findings, []);
    assert.match(all.problems[0]?.message ?? '', /Helm template/);
    // "{{" inside a comment does not make a template.
    assert.deepEqual(lintChecked('# see {{ docs }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n').problems, []);
  });

  it('survives documents that are scalars, sequences, null or have non-string keys', () => {
    for (const text of ['just a string\n', '- 1\n- 2\n', '~\n', '? [a, b]\n: c\napiVersion: v1\nkind: Pod\n', 'apiVersion: v1\nkind: Pod\nspec: 3\n', 'apiVersion: v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers: [1, null, {name: [x]}, {resources: {limits: [1]}}]\n']) {
      lintChecked(text);
    }
  });
});
