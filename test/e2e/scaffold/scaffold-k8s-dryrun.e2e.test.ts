// Every generated k8s/ folder of the quick-pick matrix is accepted by the real API server
// (server-side dry-run: admission and validation run, nothing is persisted), both through its
// kustomization (`kubectl apply -k`, the way the folder is meant to be applied) and file by file.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { PlannedFile } from '../../../src/core/scaffold/types';
import { groupBy, scaffoldMatrix } from '../../unit/scaffold/scaffold-matrix';
import { Kubectl, releaseCluster, upCluster, waitUntil } from '../cluster/cluster';
import { makeTempDir } from '../support/temp';
import { operatorCrds } from './operator-crds';

const lease = `scaffold-k8s-dry-run-${process.pid}`;
// The manifests carry no namespace; `default` always exists, and a dry-run persists nothing there.
const namespace = 'default';

function k8sFiles(files: PlannedFile[]): PlannedFile[] | undefined {
  const k8s = files.filter((f) => f.path.startsWith('k8s/'));
  return k8s.length > 0 ? k8s : undefined;
}

/** `kind/name` of every object in the files except the kustomization (a client-side file, not an API object). */
function objectsIn(files: PlannedFile[]): string[] {
  return files
    .filter((f) => f.path !== 'k8s/kustomization.yaml')
    .flatMap((f) => parseAllDocuments(f.content).map((d) => d.toJS() as { kind: string; metadata: { name: string } }))
    .map((o) => `${o.kind.toLowerCase()}/${o.metadata.name}`)
    .sort();
}

/** `kind/name` of every line `kubectl apply --dry-run=server` reports as accepted. */
function accepted(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((l) => /^([a-z0-9]+)(?:\.[a-z0-9.-]+)?\/(\S+) (?:created|configured|unchanged) \(server dry run\)$/.exec(l.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1] ?? ''}/${m[2] ?? ''}`)
    .sort();
}

describe('scaffold e2e: generated Kubernetes files pass a server-side dry-run on the real API server', function () {
  this.timeout(120_000);
  let kubectl: Kubectl;
  const cases = scaffoldMatrix();
  const folders = groupBy(cases, (files) => k8sFiles(files));

  before(async function () {
    this.timeout(900_000);
    const { info } = await upCluster(lease, 880_000);
    kubectl = new Kubectl(info);
    // The operator variants (KServe InferenceService, PyTorchJob) need their CRDs. They are applied
    // unchanged and left installed: a CRD is shared by the whole cluster and other tests may use it.
    await kubectl.ok(['apply', '--server-side', '--force-conflicts', '--field-manager=mlc-e2e-scaffold', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: operatorCrds(['kserve', 'kubeflow-training']) }), timeoutMs: 120_000 });
    // Served once discovery lists them (a `kubectl wait` right after the apply can find no status yet).
    await waitUntil('operator kinds in discovery', async () => (await kubectl.run(['api-resources', '--api-group=serving.kserve.io'])).stdout.includes('InferenceService') && (await kubectl.run(['api-resources', '--api-group=kubeflow.org'])).stdout.includes('PyTorchJob'), 120_000, 1_000);
  });

  after(async function () {
    this.timeout(130_000);
    await releaseCluster(lease);
  });

  it('every combination of the matrix plans a k8s/ folder', () => {
    assert.equal([...folders.values()].reduce((n, g) => n + g.labels.length, 0), cases.length);
  });

  it('the operator variants are in the matrix: an InferenceService and a PyTorchJob reach the server', () => {
    const kinds = new Set([...folders.values()].flatMap(({ value }) => objectsIn(value).map((o) => o.split('/')[0])));
    assert.ok(kinds.has('inferenceservice') && kinds.has('pytorchjob'), [...kinds].join(', '));
  });

  it('the server rejects an invalid manifest (the check can fail)', async () => {
    const bad = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: broken\nspec:\n  replicas: two\n';
    const r = await kubectl.run(['apply', '--dry-run=server', '--namespace', namespace, '-f', '-'], { input: bad });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /replicas/);
  });

  for (const { value: files, labels } of folders.values()) {
    it(`accepts the k8s/ folder of ${labels.length} combination(s), e.g. ${labels[0] ?? ''}`, async () => {
      const dir = await makeTempDir('scaffold-k8s');
      for (const f of files) {
        await fs.mkdir(path.dirname(path.join(dir, f.path)), { recursive: true });
        await fs.writeFile(path.join(dir, f.path), f.content);
      }
      const expected = objectsIn(files);
      assert.ok(expected.length >= 2, expected.join(', '));

      const viaKustomize = await kubectl.run(['apply', '-k', path.join(dir, 'k8s'), '--dry-run=server', '--namespace', namespace], { timeoutMs: 60_000 });
      assert.equal(viaKustomize.code, 0, `${labels.join('\n')}\n${viaKustomize.stderr}`);
      assert.deepEqual(accepted(viaKustomize.stdout), expected, viaKustomize.stdout);

      const manifests = files.filter((f) => f.path !== 'k8s/kustomization.yaml').map((f) => f.content).join('\n---\n');
      const fileByFile = await kubectl.run(['apply', '--dry-run=server', '--namespace', namespace, '-f', '-'], { input: manifests, timeoutMs: 60_000 });
      assert.equal(fileByFile.code, 0, `${labels.join('\n')}\n${fileByFile.stderr}`);
      assert.deepEqual(accepted(fileByFile.stdout), expected, fileByFile.stdout);
    });
  }
});
