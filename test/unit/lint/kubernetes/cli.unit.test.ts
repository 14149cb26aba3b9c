import * as assert from 'node:assert/strict';
import { useLintRepo } from '../support/lint-repo';

/** MLK401 (error) at 9:9-9:23. */
const gpuPod = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: c
      image: registry.example/x:1
      resources:
        requests:
          nvidia.com/gpu: 1
`;

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  severity: string;
  message: string;
}

describe('mlc lint (CLI) on Kubernetes manifests', () => {
  const { write, lint } = useLintRepo('k8s');

  it('picks manifests by content next to Dockerfiles and Compose files, skips Helm chart templates and other YAML', async () => {
    write('deploy/pod.yaml', gpuPod);
    write('deploy/other.yml', 'foo: bar\nitems: [1, 2]\n');
    write('deploy/values.yaml', 'image:\n  apiVersion: v1\n  kind: Pod\n');
    write('compose.yaml', 'services:\n  web:\n    image: nginx\n');
    write('chart/Chart.yaml', 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
    write('chart/templates/deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n');
    write('.mlc.yaml', 'failOn: error\n');
    write('Dockerfile', 'FROM nvidia/cuda:latest\nUSER 10001\n');
    const r = await lint('--format', 'json');
    assert.equal(r.code, 1);
    const findings = JSON.parse(r.out) as JsonFinding[];
    assert.deepEqual([...new Set(findings.map((f) => f.file))], ['compose.yaml', 'deploy/pod.yaml', 'Dockerfile'].sort());
    const mlk401 = findings.find((f) => f.ruleId === 'MLK401');
    assert.deepEqual(mlk401 && { line: mlk401.line, column: mlk401.column, endLine: mlk401.endLine, endColumn: mlk401.endColumn, severity: mlk401.severity }, { line: 11, column: 11, endLine: 11, endColumn: 25, severity: 'error' });
    assert.deepEqual(Object.keys(mlk401 ?? {}).sort(), ['column', 'endColumn', 'endLine', 'file', 'line', 'message', 'ruleId', 'severity']);
    assert.match(r.err, /chart\/templates\/deploy\.yaml: skipped: a Helm chart template/);
    assert.doesNotMatch(r.err, /compose\.yaml: skipped/);
    assert.doesNotMatch(r.err, /values\.yaml|other\.yml/);
  });

  it('skips a Helm-templated manifest given by name with an info message, not an error', async () => {
    write('t.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n');
    const r = await lint('t.yaml', '--format', 'json');
    assert.equal(r.code, 0);
    assert.equal(r.out, '[]\n');
    assert.match(r.err, /t\.yaml: skipped: the file is a Helm template/);
  });

  it('reports a YAML syntax error as an MLK001 finding (exit 1), not as an I/O error', async () => {
    write('bad.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n');
    const r = await lint('bad.yaml', '--format', 'json');
    assert.equal(r.code, 1);
    assert.deepEqual((JSON.parse(r.out) as JsonFinding[]).map((f) => `${f.ruleId}@${f.line}:${f.column}-${f.endLine}:${f.endColumn}`), ['MLK001@5:3-5:7']);
  });

  it('writes SARIF with the MLK rules and text lines with rule names', async () => {
    write('pod.yaml', gpuPod);
    const sarif = await lint('--format', 'sarif', 'pod.yaml');
    const run = (JSON.parse(sarif.out) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number }[] }[] }).runs[0];
    assert.ok(run?.tool.driver.rules.some((r) => r.id === 'MLK401'));
    const result = run?.results.find((x) => x.ruleId === 'MLK401');
    assert.equal(run?.tool.driver.rules[result?.ruleIndex ?? -1]?.id, 'MLK401');
    const text = await lint('pod.yaml');
    assert.match(text.out, /^pod\.yaml:11:11: error MLK401 .*\[gpu-request-without-limit\]$/m);
  });

  it('honours .mlc.yaml severity overrides and object ignores for manifests', async () => {
    write('pod.yaml', gpuPod);
    write('.mlc.yaml', 'rules:\n  MLK401: warning\nignore:\n  - kind: Pod\n    rules: [MLK405, MLK409]\n');
    const r = await lint('--format', 'json', 'pod.yaml');
    assert.equal(r.code, 0);
    const findings = JSON.parse(r.out) as JsonFinding[];
    assert.equal(findings.find((f) => f.ruleId === 'MLK401')?.severity, 'warning');
    assert.ok(!findings.some((f) => f.ruleId === 'MLK405' || f.ruleId === 'MLK409'));
  });

  it('reports binary YAML and alias bombs clearly (exit 2) and still prints the rest', async () => {
    write('bin.yaml', Buffer.from([0x61, 0x3a, 0x00, 0x01, 0xff]));
    write('bomb.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata:\n  a: &a ["x","x","x","x","x","x","x","x","x"]\n${Array.from({ length: 8 }, (_, k) => `  ${String.fromCharCode(98 + k)}: &${String.fromCharCode(98 + k)} [${Array(9).fill(`*${String.fromCharCode(97 + k)}`).join(',')}]`).join('\n')}\n`);
    write('pod.yaml', gpuPod);
    const r = await lint('--format', 'json', 'bin.yaml', 'bomb.yaml', 'pod.yaml');
    assert.equal(r.code, 2);
    assert.match(r.err, /bin\.yaml: binary content/);
    assert.match(r.err, /bomb\.yaml: document 1 \(line 1\): aliases expand the document/);
    assert.ok((JSON.parse(r.out) as JsonFinding[]).some((f) => f.file === 'pod.yaml'));
  });
});
