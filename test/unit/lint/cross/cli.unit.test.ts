import * as assert from 'node:assert/strict';
import { useLintRepo } from '../support/lint-repo';

const deployment = (selector: string, pragma = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: server
spec:
  selector:
    matchLabels: {app: server}
  template:
    metadata:
      labels: {app: server}
    spec:
      containers:
        - name: server
          image: python:3.12-slim
          resources: {requests: {cpu: 1, memory: 1Gi}, limits: {memory: 1Gi}}
---
apiVersion: v1
kind: Service
metadata:
  name: server
spec:
${pragma}  selector:
    app: ${selector}
  ports:
    - port: 80
`;

type JsonFinding = { file: string; line: number; column: number; ruleId: string; severity: string; message: string };
const mlx = (out: string): JsonFinding[] => (JSON.parse(out) as JsonFinding[]).filter((f) => f.ruleId.startsWith('MLX'));

describe('mlc lint (CLI) cross-file pass', () => {
  const { write, lint } = useLintRepo('cross');
  beforeEach(() => {
    write('docker/Dockerfile', 'FROM python:3.12-slim\nCOPY models /models\nCOPY srcc /src\nUSER 10001\n');
    write('docker/.dockerignore', 'models\n');
    write('docker/models/a.json', '{}\n');
    write('docker/src/app.py', 'pass\n');
    write('deploy/app.yaml', deployment('sever'));
  });

  it('reports MLX findings with file and line in JSON; warnings keep exit 0 at the default threshold', async () => {
    const r = await lint('--format', 'json');
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(mlx(r.out).map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.severity}`), [
      'deploy/app.yaml:22:3 MLX006 warning',
      'docker/Dockerfile:2:6 MLX001 warning',
      'docker/Dockerfile:3:6 MLX002 warning',
    ]);
    assert.match(mlx(r.out)[2]?.message ?? '', /did you mean src\?/);
  });

  it('leaves files named as patches out of the cross-file pass, as it does the patches a kustomization names', async () => {
    write('gpu/deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: embedder}\nspec:\n  selector: {matchLabels: {app: embedder}}\n  template:\n    metadata: {labels: {app: embedder}}\n    spec:\n      containers: [{name: e, image: registry.example/e:1.0}]\n');
    // A patch that moves the Service to the next version's pods, applied with kubectl patch when they exist.
    const patch = 'apiVersion: v1\nkind: Service\nmetadata: {name: embedder}\nspec:\n  selector: {app: embedder-v2}\n';
    write('gpu/service-patch.yaml', patch);
    const ids = async () => mlx((await lint('--format', 'json', '--failure-threshold', 'none', 'gpu')).out).map((f) => `${f.file} ${f.ruleId}`);
    assert.deepEqual(await ids(), []);
    write('gpu/service-v2.yaml', patch);
    assert.deepEqual(await ids(), ['gpu/service-v2.yaml MLX006'], 'the same object under a plain name is one');
  });

  it('fails the run when a cross-file finding reaches the failure threshold', async () => {
    const r = await lint('--format', 'json', '--failure-threshold', 'warning');
    assert.equal(r.code, 1);
  });

  it('honours # mlc-ignore on the finding line and .mlc.yaml rule settings', async () => {
    write('deploy/app.yaml', deployment('sever', '  # mlc-ignore MLX006 -- selects pods from another repo\n'));
    write('.mlc.yaml', 'rules:\n  MLX001: off\n  MLX002: error\n');
    const r = await lint('--format', 'json');
    assert.equal(r.code, 1, r.err);
    assert.deepEqual(mlx(r.out).map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.severity}`), ['docker/Dockerfile:3 MLX002 error']);
  });

  it('lists MLX rules in SARIF and prints them in text', async () => {
    const sarif = await lint('--format', 'sarif');
    const rules = (JSON.parse(sarif.out) as { runs: { tool: { driver: { rules: { id: string }[] } } }[] }).runs[0]?.tool.driver.rules.map((r) => r.id) ?? [];
    assert.ok(rules.includes('MLX006') && !rules.includes('MLX101'), rules.join(','));
    type Loc = { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } };
    const results = (JSON.parse(sarif.out) as { runs: { results: { ruleId: string; locations: Loc[]; relatedLocations?: Loc[] }[] }[] }).runs[0]?.results ?? [];
    const ignored = results.find((r) => r.ruleId === 'MLX001');
    assert.equal(ignored?.locations[0]?.physicalLocation.artifactLocation.uri, 'docker/Dockerfile');
    assert.deepEqual(ignored?.relatedLocations?.map((l) => `${l.physicalLocation.artifactLocation.uri}:${l.physicalLocation.region.startLine}`), ['docker/.dockerignore:1']);
    const text = await lint();
    assert.match(text.out, /^docker\/Dockerfile:2:6: warning MLX001 .*\[copy-source-ignored\]$/m);
  });

  it('lints a single named file against its repository (sources found above its folder are not reported missing)', async () => {
    write('docker/Dockerfile', 'FROM python:3.12-slim\nCOPY models /models\nCOPY srcc /src\nCOPY requirements.txt /\nUSER 10001\n');
    write('requirements.txt', 'torch==2.4.0\n');
    const r = await lint('--format', 'json', 'docker/Dockerfile');
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(mlx(r.out).map((f) => `${f.file}:${f.line} ${f.ruleId}`), ['docker/Dockerfile:2 MLX001', 'docker/Dockerfile:3 MLX002']);
  });
});
