import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runLintCommand } from '../../../../src/cli/lint-command';
import { bundledSchemasDir, cliSchemas } from '../../../../src/cli/lint-schemas';

class Sink {
  text = '';
  write(s: string): boolean {
    this.text += s;
    return true;
  }
}

let root: string;

async function lintJson(...args: string[]): Promise<{ code: number; findings: { ruleId: string; line: number; message: string }[]; err: string }> {
  const out = new Sink();
  const err = new Sink();
  const code = await runLintCommand([...args, '--format', 'json', '--failure-threshold', 'none'], out, err, { cwd: root });
  return { code, findings: JSON.parse(out.text) as { ruleId: string; line: number; message: string }[], err: err.text };
}

/** `replicas: two` is a type error (MLK002) at line 6. */
const badDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  replicas: two
  selector:
    matchLabels: {app: d}
  template:
    metadata:
      labels: {app: d}
    spec:
      containers:
        - name: c
          image: registry.example/x:1
`;

describe('mlc lint (CLI): schema validation (MLK002) with the bundled schemas', () => {
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-lint-schemas-'));
    fs.mkdirSync(path.join(root, '.git'));
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('finds the bundled schemas from the sources (and dist/cli.js resolves dist/../schemas the same way)', () => {
    const dir = bundledSchemasDir();
    assert.ok(dir !== undefined && fs.existsSync(path.join(dir, 'schemas', 'kubernetes.json')));
    assert.equal(bundledSchemasDir(path.join(dir, 'dist')), dir);
    assert.equal(bundledSchemasDir(os.tmpdir()), undefined);
  });

  it('reports a schema violation as MLK002', async () => {
    fs.writeFileSync(path.join(root, 'deploy.yaml'), badDeployment);
    const r = await lintJson('deploy.yaml');
    const mlk002 = r.findings.filter((f) => f.ruleId === 'MLK002');
    assert.equal(mlk002.length, 1, JSON.stringify(r.findings));
    assert.equal(mlk002[0]?.line, 6);
    assert.match(mlk002[0]?.message ?? '', /replicas/);
  });

  it('validates at the .mlc.yaml kubernetesVersion', async () => {
    // flowcontrol.apiserver.k8s.io/v1beta3 is served up to 1.31 and removed in 1.32.
    fs.writeFileSync(path.join(root, 'fc.yaml'), 'apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nmetadata:\n  name: f\nspec:\n  priorityLevelConfiguration:\n    name: p\n');
    const at134 = (await lintJson('fc.yaml')).findings;
    fs.writeFileSync(path.join(root, '.mlc.yaml'), 'kubernetesVersion: "1.31"\n');
    const at131 = (await lintJson('fc.yaml')).findings;
    // At the default 1.34 the removed API is MLK003's (it supersedes MLK002's "not served" on that node).
    assert.match(at134.find((f) => f.ruleId === 'MLK003')?.message ?? '', /at 1\.34/);
    assert.match(at131.find((f) => f.ruleId === 'MLK002')?.message ?? '', /in Kubernetes 1\.31/);
    assert.ok(!at131.some((f) => f.ruleId === 'MLK003') && at131.some((f) => f.ruleId === 'MLK004'), 'only deprecated at 1.31');
  });

  it('rules: { MLK002: off } turns schema validation off', async () => {
    fs.writeFileSync(path.join(root, 'deploy.yaml'), badDeployment);
    fs.writeFileSync(path.join(root, '.mlc.yaml'), 'rules: { MLK002: off }\n');
    assert.ok(!(await lintJson('deploy.yaml')).findings.some((f) => f.ruleId === 'MLK002'));
  });

  it('without the bundled schemas, MLK002 is skipped with one clear warning', async () => {
    const warnings: string[] = [];
    const schemasFor = cliSchemas((m) => warnings.push(m), path.join(root, 'nowhere'));
    assert.equal(await schemasFor('1.33'), undefined);
    assert.equal(await schemasFor('1.34'), undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /MLK002\) skipped: cannot read the bundled schemas/);
  });
});
