// The Clusters view's paged first render on the real test cluster: a namespace of 1,200 pods shows its
// first page (500) at once with a loading node, then the whole list, then follows creations and
// deletions through the watch started from the list's resourceVersion. Only 127.0.0.1 traffic.
import * as assert from 'node:assert/strict';
import type { ExplorerNode } from '../../../src/core/kubernetes/explorer-nodes';
import type { ClusterClient } from '../../../src/infra/kubernetes/cluster-client';
import { ExplorerModel } from '../../../src/infra/kubernetes/explorer-model';
import { Kubectl, releaseCluster, upCluster, waitUntil, type ClusterUp } from '../cluster/cluster';
import { explorerModelFor } from './explorer-model-for';

const podCount = 1200;

/** A pod no scheduler picks up (no such scheduler): it stays Pending without events or kwok churn. */
function pendingPod(name: string, ns: string, labels: Record<string, string>) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels },
    spec: { schedulerName: 'mlc-e2e-no-scheduler', containers: [{ name: 'main', image: 'registry.invalid/mlc/idle:1' }] },
  };
}

async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        await fn(items[next++]!);
      }
    }),
  );
}

const label = (n: ExplorerNode) => (n.kind === 'message' ? n.label : n.kind === 'podRange' ? `${n.range.first} … ${n.range.last}` : n.kind === 'pod' ? n.view.name : n.kind);

describe('Clusters view: paged first render of a namespace with 1,200 pods (real API server)', function () {
  const runId = `${Date.now().toString(36)}-${process.pid}`;
  const lease = `e2e-explorer-paging-${runId}`;
  const ns = `mlc-e2e-paging-${runId}`;
  const testLabel = { 'mlc.test': runId };
  let up: ClusterUp;
  let k: Kubectl;
  let creator: ClusterClient;
  const models: ExplorerModel[] = [];

  const newModel = () => {
    const m = explorerModelFor(up.info.kubeconfig, up.info.context);
    models.push(m);
    return m;
  };

  before(async function () {
    const buildMs = Number(process.env.MLC_CLUSTER_BUILD_TIMEOUT_MS ?? 90 * 60_000);
    this.timeout(buildMs + 240_000);
    up = await upCluster(lease, buildMs);
    k = new Kubectl(up.info);
    await k.apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: testLabel } }]);
    creator = await newModel().client(up.info.context);
    const names = Array.from({ length: podCount }, (_, i) => `p-${String(i).padStart(4, '0')}`);
    await pool(names, 24, (name) => creator.applyObject(pendingPod(name, ns, testLabel), { dryRun: false }));
  });

  after(async function () {
    this.timeout(120_000);
    models.forEach((m) => m.dispose());
    if (k) {
      await k.run(['delete', 'pods', '--all', '-n', ns, '--force', '--grace-period=0', '--wait=false']);
      const r = await k.run(['delete', 'namespace', '-l', `mlc.test=${runId}`, '--ignore-not-found', '--wait=false']);
      assert.equal(r.code, 0, r.stderr);
    }
    const r = await releaseCluster(lease);
    assert.equal(r.code, 0, r.stderr);
  });

  it('shows the first page with "Loading pods… 500 of ~1,200", then every pod, then follows a creation and a deletion', async function () {
    this.timeout(180_000);
    const model = newModel();
    const podsGroup: ExplorerNode = { kind: 'allPods', id: `${up.info.context}/ns/${ns}/pods`, context: up.info.context, namespace: ns };

    const first = await model.children(podsGroup);
    assert.deepEqual(first.map(label), ['Loading pods… 500 of ~1,200', 'p-0000 … p-0499'], 'the first page, before the rest is listed');
    assert.equal((await model.children(first[1])).length, 500);

    const all = await waitUntil('every page listed', async () => {
      const kids = await model.children(podsGroup);
      return kids.every((n) => n.kind === 'podRange') ? kids : undefined;
    }, 60_000);
    assert.deepEqual(all.map(label), ['p-0000 … p-0999', 'p-1000 … p-1199']);
    assert.deepEqual(
      all.map((n) => (n.kind === 'podRange' ? n.range.count : 0)),
      [1000, 200],
    );

    await creator.applyObject(pendingPod('zz-late', ns, testLabel), { dryRun: false });
    await waitUntil('the pod created after the list to appear through the watch', async () => {
      const kids = await model.children(podsGroup);
      const last = kids[kids.length - 1];
      return last?.kind === 'podRange' && (await model.children(last)).some((p) => label(p) === 'zz-late');
    }, 60_000);

    await k.ok(['delete', 'pod', 'p-0007', '-n', ns, '--grace-period=0', '--force']);
    await waitUntil('the deleted pod to go', async () => {
      const kids = await model.children(podsGroup);
      const names = (await model.children(kids[0])).map(label);
      return names.length === 1000 && !names.includes('p-0007') && names.includes('p-1000');
    }, 60_000);
  });
});
