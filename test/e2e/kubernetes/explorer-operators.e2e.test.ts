// The Clusters view's ML operator groups on the real test cluster: with the PyTorchJob and RayCluster
// CRDs installed (from the same Go module files the bundled schemas come from), a namespace shows a
// group per served kind, each workload with its status and the pods the operator would have made.
// No operator runs in kwok: the test writes the status and creates the labelled pods itself.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ExplorerNode } from '../../../src/core/kubernetes/explorer-nodes';
import { operatorKindOrder, operatorKinds } from '../../../src/core/kubernetes/operator-workloads';
import { ExplorerModel } from '../../../src/infra/kubernetes/explorer-model';
import { Kubectl, releaseCluster, upCluster, waitUntil, type ClusterUp } from '../cluster/cluster';
import { explorerModelFor } from './explorer-model-for';

const goModCache = process.env.GOMODCACHE ?? join(homedir(), '.cache', 'ml-containers', 'go', 'pkg', 'mod');
/** Go's module cache escapes upper-case letters as !lower. */
const escapeModule = (m: string) => m.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);

interface Manifest {
  crds: { source: { module: string; version: string; files: string[] } }[];
}

/** The CRD for `file` (e.g. kubeflow.org_pytorchjobs.yaml) from the module schemas/manifest.json names. */
function crdFromModules(file: string): Record<string, unknown> & { metadata: { name: string } } {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'schemas', 'manifest.json'), 'utf8')) as Manifest;
  for (const { source } of manifest.crds) {
    const path = source.files.find((f) => f.endsWith(`/${file}`));
    if (path) {
      const text = readFileSync(join(goModCache, `${escapeModule(source.module)}@${source.version}`, path), 'utf8');
      return parseAllDocuments(text).map((d) => d.toJS() as Record<string, unknown> & { metadata: { name: string } }).find((o) => o.kind === 'CustomResourceDefinition')!;
    }
  }
  throw new Error(`${file} is not in schemas/manifest.json (run node scripts/schemas/fetch-crd-modules.mjs to fill the Go module cache)`);
}

const podTemplate = { spec: { containers: [{ name: 'main', image: 'registry.invalid/mlc/train:1' }] } };

describe('Clusters view: ML operator workloads (PyTorchJob, RayCluster) on the real API server', function () {
  const runId = `${Date.now().toString(36)}-${process.pid}`;
  const lease = `e2e-explorer-operators-${runId}`;
  const ns = `mlc-e2e-operators-${runId}`;
  const testLabel = { 'mlc.test': runId };
  let up: ClusterUp;
  let k: Kubectl;
  let model: ExplorerModel;
  /** CRDs this run installed (ones already there belong to someone else and stay). */
  const installed: string[] = [];

  before(async function () {
    const buildMs = Number(process.env.MLC_CLUSTER_BUILD_TIMEOUT_MS ?? 90 * 60_000);
    this.timeout(buildMs + 240_000);
    up = await upCluster(lease, buildMs);
    k = new Kubectl(up.info);
    for (const file of ['kubeflow.org_pytorchjobs.yaml', 'ray.io_rayclusters.yaml']) {
      const crd = crdFromModules(file);
      if ((await k.run(['get', 'crd', crd.metadata.name])).code !== 0) {
        await k.apply([{ ...crd, status: undefined, metadata: { ...crd.metadata, labels: testLabel } }]);
        installed.push(crd.metadata.name);
      }
      // (kubectl wait fails on a CRD whose conditions are not set yet: poll instead.)
      await waitUntil(`${crd.metadata.name} established`, async () => {
        const r = await k.run(['get', 'crd', crd.metadata.name, '-o', 'jsonpath={.status.conditions[?(@.type=="Established")].status}']);
        return r.stdout.trim() === 'True';
      }, 60_000);
    }
    await waitUntil('PyTorchJob and RayCluster in discovery', async () => {
      const r = await k.run(['api-resources', '-o', 'name']);
      return r.stdout.includes('pytorchjobs.kubeflow.org') && r.stdout.includes('rayclusters.ray.io');
    }, 60_000);
    await k.apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: testLabel } }]);
    await k.apply([
      {
        apiVersion: 'kubeflow.org/v1',
        kind: 'PyTorchJob',
        metadata: { name: 'train', namespace: ns, labels: testLabel },
        spec: { pytorchReplicaSpecs: { Master: { replicas: 1, restartPolicy: 'OnFailure', template: podTemplate }, Worker: { replicas: 2, restartPolicy: 'OnFailure', template: podTemplate } } },
      },
      {
        apiVersion: 'ray.io/v1',
        kind: 'RayCluster',
        metadata: { name: 'ray', namespace: ns, labels: testLabel },
        spec: {
          headGroupSpec: { rayStartParams: {}, template: podTemplate },
          workerGroupSpecs: [{ groupName: 'gpu', replicas: 2, minReplicas: 0, maxReplicas: 4, rayStartParams: {}, template: podTemplate }],
        },
      },
    ]);
    // What the operators would write: status, and pods carrying their labels.
    const now = new Date().toISOString();
    await k.ok(['patch', 'pytorchjob', 'train', '-n', ns, '--subresource=status', '--type=merge', '-p', JSON.stringify({
      status: {
        conditions: [
          { type: 'Created', status: 'True', reason: 'PyTorchJobCreated', lastTransitionTime: now, lastUpdateTime: now },
          { type: 'Running', status: 'True', reason: 'PyTorchJobRunning', lastTransitionTime: now, lastUpdateTime: now },
        ],
        replicaStatuses: { Master: { active: 1 }, Worker: { active: 1 } },
      },
    })]);
    await k.ok(['patch', 'raycluster', 'ray', '-n', ns, '--subresource=status', '--type=merge', '-p', JSON.stringify({
      status: { state: 'ready', readyWorkerReplicas: 1, desiredWorkerReplicas: 2, conditions: [{ type: 'HeadPodReady', status: 'True', reason: 'HeadPodRunningAndReady', message: '', lastTransitionTime: now }] },
    })]);
    const pod = (name: string, labels: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: ns, labels: { ...testLabel, ...labels } },
      spec: { schedulerName: 'mlc-e2e-no-scheduler', containers: [{ name: 'main', image: 'registry.invalid/mlc/train:1' }] },
    });
    const training = (type: string, i: number) => ({
      'training.kubeflow.org/job-name': 'train',
      'training.kubeflow.org/operator-name': 'pytorchjob-controller',
      'training.kubeflow.org/replica-type': type,
      'training.kubeflow.org/replica-index': String(i),
    });
    await k.apply([
      pod('train-master-0', training('master', 0)),
      pod('train-worker-0', training('worker', 0)),
      pod('train-worker-1', training('worker', 1)),
      pod('ray-head-x7k2p', { 'ray.io/cluster': 'ray', 'ray.io/node-type': 'head' }),
      pod('ray-gpu-worker-q9zt4', { 'ray.io/cluster': 'ray', 'ray.io/node-type': 'worker', 'ray.io/group': 'gpu' }),
      pod('unrelated', { app: 'other' }),
    ]);
    model = explorerModelFor(up.info.kubeconfig, up.info.context);
  });

  after(async function () {
    this.timeout(120_000);
    model?.dispose();
    if (k) {
      await k.run(['delete', 'pods', '--all', '-n', ns, '--force', '--grace-period=0', '--wait=false']);
      await k.run(['delete', 'namespace', '-l', `mlc.test=${runId}`, '--ignore-not-found', '--wait=false']);
      for (const name of installed) {
        await k.run(['delete', 'crd', name, '--ignore-not-found', '--wait=false']);
      }
    }
    const r = await releaseCluster(lease);
    assert.equal(r.code, 0, r.stderr);
  });

  const nsNode = (): ExplorerNode => ({ kind: 'namespace', id: `${up.info.context}/ns/${ns}`, context: up.info.context, namespace: ns, active: false });
  const names = (kids: ExplorerNode[]) => kids.map((n) => (n.kind === 'pod' ? n.view.name : n.kind === 'message' ? n.label : n.kind));

  it('shows a group exactly for each operator kind the API server serves', async function () {
    this.timeout(60_000);
    const groups = (await model.children(nsNode())).filter((n) => n.kind === 'operatorWorkloads').map((n) => (n.kind === 'operatorWorkloads' ? n.operatorKind : ''));
    const served: string[] = [];
    for (const kind of operatorKindOrder) {
      const r = await k.run(['get', '--raw', `/apis/${operatorKinds[kind].apiVersion}`]);
      if (r.code === 0 && (JSON.parse(r.stdout) as { resources: { kind: string }[] }).resources.some((x) => x.kind === kind)) {
        served.push(kind);
      }
    }
    assert.ok(served.includes('PyTorchJob') && served.includes('RayCluster'), `served: ${served.join(', ')}`);
    assert.deepEqual(groups, served);
  });

  it('lists the PyTorchJob with its status and replicas, and its master and worker pods by the training operator\'s labels', async function () {
    this.timeout(60_000);
    const group = (await model.children(nsNode())).find((n) => n.kind === 'operatorWorkloads' && n.operatorKind === 'PyTorchJob');
    assert.ok(group);
    const jobs = await model.children(group);
    assert.deepEqual(jobs.map((j) => (j.kind === 'operatorWorkload' ? [j.view.name, j.view.state, j.view.description] : j.kind)), [['train', 'running', 'Running · Master 1/1 · Worker 1/2']]);
    assert.deepEqual(names(await model.children(jobs[0])), ['train-master-0', 'train-worker-0', 'train-worker-1']);
  });

  it('lists the RayCluster with its head and workers, and its pods by ray.io/cluster; a pod deleted goes', async function () {
    this.timeout(90_000);
    const group = (await model.children(nsNode())).find((n) => n.kind === 'operatorWorkloads' && n.operatorKind === 'RayCluster');
    assert.ok(group);
    const clusters = await model.children(group);
    assert.deepEqual(clusters.map((c) => (c.kind === 'operatorWorkload' ? [c.view.name, c.view.state, c.view.description] : c.kind)), [['ray', 'running', 'Ready · head ready · 1/2 workers ready']]);
    assert.deepEqual(names(await model.children(clusters[0])), ['ray-gpu-worker-q9zt4', 'ray-head-x7k2p']);
    await k.ok(['delete', 'pod', 'ray-gpu-worker-q9zt4', '-n', ns, '--grace-period=0', '--force']);
    await waitUntil('the deleted worker to leave the RayCluster', async () => {
      const kids = names(await model.children(clusters[0]));
      return kids.length === 1 && kids[0] === 'ray-head-x7k2p';
    }, 60_000);
  });
});
