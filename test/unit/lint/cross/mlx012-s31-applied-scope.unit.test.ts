import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lintWorkspace } from '../../../../src/core/lint/cross/lint';
import { fsWorkspaceView } from '../../../../src/infra/lint/workspace-view';
import { crossFixturesRoot, expectedFindings, loadWorkspace } from './support';

/** MLX012's findings in a folder, as `path:MLX012@line:col-line:col`. */
function mlx012(dir: string): string[] {
  const { files, config } = loadWorkspace(dir);
  const result = lintWorkspace(files, { config, fs: fsWorkspaceView(dir) });
  assert.deepEqual(result.problems, []);
  return result.findings.filter((f) => f.ruleId === 'MLX012').map((f) => `${f.path}:${f.ruleId}@${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}`).sort();
}

/** MLX012's messages on a tree of files written to a temporary folder. */
function messages(tree: Record<string, string>): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlx012-s31-'));
  try {
    for (const [rel, text] of Object.entries(tree)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    const { files, config } = loadWorkspace(dir);
    return lintWorkspace(files, { config, fs: fsWorkspaceView(dir) }).findings.filter((f) => f.ruleId === 'MLX012').map((f) => `${f.path}: ${f.message}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const workload = (name: string, app: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${app}}
  template:
    metadata:
      labels: {app: ${app}}
    spec:
      containers:
        - {name: server, image: "ghcr.io/example/${app}:1.0"}
`;

const budget = (app: string, minAvailable: number) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${app}
spec:
  selector:
    matchLabels: {app: ${app}}
  minAvailable: ${minAvailable}
`;

describe('MLX012 counts only the workloads applied as one set with the budget (its file, folder or kustomize build)', () => {
  const fixture = (kind: 'fail' | 'pass', name: string) => path.join(crossFixturesRoot, 'MLX012', kind, name);

  it('two unrelated example folders: a budget in one, a 1-replica Deployment it would select in the other, are no finding', () => {
    assert.deepEqual(mlx012(fixture('pass', 'separate-examples')), []);
  });

  it('a budget and its Deployment in one folder, and in one kustomize build over sibling folders: reported, another example\'s pods not summed in', () => {
    const dir = fixture('fail', 'applied-as-one-set');
    const expected = expectedFindings(dir);
    assert.equal(expected.length, 2);
    assert.deepEqual(mlx012(dir), expected);
  });

  it('the message counts and names only the workload applied with the budget', () => {
    const found = messages({
      'translate/deployment.yaml': workload('translator', 'translator', 2),
      'translate/pdb.yaml': budget('translator', 2),
      'demo/deployment.yaml': workload('translation-demo', 'translator', 3),
    });
    assert.deepEqual(found, ['translate/pdb.yaml: minAvailable 2 is not below its replicas (2) of Deployment translator, so no pod may ever be evicted and node drains block; lower minAvailable or use maxUnavailable: 1.']);
  });

  it('near miss: the budget\'s own two workloads are still summed', () => {
    const found = messages({
      'translate/deployment.yaml': `${workload('translator-a', 'translator', 1)}---\n${workload('translator-b', 'translator', 2)}`,
      'translate/pdb.yaml': budget('translator', 3),
    });
    assert.deepEqual(found, ['translate/pdb.yaml: minAvailable 3 is not below the 3 pods of the workloads it selects (Deployment translator-a, Deployment translator-b), so no pod may ever be evicted and node drains block; lower minAvailable or use maxUnavailable: 1.']);
  });
});
