import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { fileKustomizeFacts } from '../../../../src/infra/lint/kustomize-layout';
import { useLintRepo } from '../support/lint-repo';

/** A base Deployment without `replicas:` (one pod), as a base that leaves the count to its overlays is written. */
const deployment = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: web}', 'spec:', '  selector: {matchLabels: {app: web}}', '  template:', '    metadata: {labels: {app: web}}', '    spec:', '      containers: [{name: web, image: "example/web:1.0"}]', ''].join('\n');
const base = { 'base/kustomization.yaml': 'resources: [deploy.yaml]\n', 'base/deploy.yaml': deployment };

describe('mlc lint: MLK306 leaves workloads whose replicas a kustomization over them sets', () => {
  const { write, lint, lintWithWorkers } = useLintRepo('kustomize-replicas');
  const count = (out: string) => (JSON.parse(out) as { ruleId: string }[]).filter((f) => f.ruleId === 'MLK306').length;
  const mlk306 = async () => count((await lint('--format', 'json', '--min-severity', 'info', '.')).out);
  const withOverlay = (kustomization: string, files: Record<string, string> = {}) => {
    Object.entries({ ...base, ...files }).forEach(([p, t]) => write(p, t));
    write('overlays/prod/kustomization.yaml', `resources: [../../base]\n${kustomization}`);
  };

  it('an overlay\'s replicas: entry for the Deployment', async () => {
    withOverlay('replicas:\n  - {name: web, count: 3}\n');
    assert.equal(await mlk306(), 0);
    assert.equal(count((await lintWithWorkers(2, '--format', 'json', '--min-severity', 'info', '.')).out), 0, 'the same in lint worker threads');
  });

  it('near miss: an overlay\'s replicas: entry for another workload', async () => {
    withOverlay('replicas:\n  - {name: api, count: 3}\n');
    assert.equal(await mlk306(), 1);
  });

  it('a strategic-merge patch file that sets spec.replicas of the Deployment', async () => {
    withOverlay('patches:\n  - path: replicas.yaml\n', { 'overlays/prod/replicas.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n' });
    assert.equal(await mlk306(), 0);
  });

  it('near miss: a patch that sets spec.replicas of another Deployment, or other fields of this one', async () => {
    withOverlay('patches:\n  - path: replicas.yaml\n  - path: resources.yaml\n', {
      'overlays/prod/replicas.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  replicas: 3\n',
      'overlays/prod/resources.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    metadata: {annotations: {replicas: "3"}}\n',
    });
    assert.equal(await mlk306(), 1);
  });

  it('an inline JSON 6902 patch of /spec/replicas targeting the Deployment', async () => {
    withOverlay('patches:\n  - target: {kind: Deployment, name: web}\n    patch: |-\n      - op: replace\n        path: /spec/replicas\n        value: 3\n');
    assert.equal(await mlk306(), 0);
  });

  it('near miss: the same patch targeting a StatefulSet of that name', async () => {
    withOverlay('patches:\n  - target: {kind: StatefulSet, name: web}\n    patch: |-\n      - op: replace\n        path: /spec/replicas\n        value: 3\n');
    assert.equal(await mlk306(), 1);
  });

  it('a replacement that writes spec.replicas of the Deployment', async () => {
    withOverlay('replacements:\n  - source: {kind: ConfigMap, name: scale, fieldPath: data.replicas}\n    targets:\n      - select: {kind: Deployment, name: web}\n        fieldPaths: [spec.replicas]\n');
    assert.equal(await mlk306(), 0);
  });
});

describe('the editor\'s kustomize facts carry the replicas a build sets to lintManifest', () => {
  let root = '';
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-s25c-replicas-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  const mlk306 = async () => {
    const facts = await fileKustomizeFacts(path.join(root, 'base/deploy.yaml'), root);
    return lintManifest(deployment, { kustomizeBuild: facts }).findings.filter((f) => f.ruleId === 'MLK306').length;
  };

  it('fileKustomizeFacts names the workload an overlay sets the replicas of; MLK306 leaves it', async () => {
    Object.entries(base).forEach(([p, t]) => write(p, t));
    write('overlays/prod/kustomization.yaml', 'resources: [../../base]\nreplicas:\n  - {name: web, count: 3}\n');
    assert.deepEqual((await fileKustomizeFacts(path.join(root, 'base/deploy.yaml'), root)).replicas, [{ name: 'web' }]);
    assert.equal(await mlk306(), 0);
  });

  it('near miss: an overlay that sets the replicas of another workload', async () => {
    Object.entries(base).forEach(([p, t]) => write(p, t));
    write('overlays/prod/kustomization.yaml', 'resources: [../../base]\nreplicas:\n  - {name: api, count: 3}\n');
    assert.equal(await mlk306(), 1);
  });
});
