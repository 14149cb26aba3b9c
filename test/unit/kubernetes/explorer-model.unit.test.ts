import * as assert from 'node:assert/strict';
import type { ExplorerNode } from '../../../src/core/kubernetes/explorer-nodes';
import type { ClusterClient } from '../../../src/infra/kubernetes/cluster-client';
import { ExplorerModel } from '../../../src/infra/kubernetes/explorer-model';
import type { LoadedKubeconfigs } from '../../../src/infra/kubernetes/read-kubeconfigs';
import { ResourceWatch, type InformerLike, type ListProgress } from '../../../src/infra/kubernetes/resource-watch';
import { gpuNode, pod } from './fixtures';

const loaded: LoadedKubeconfigs = {
  source: 'KUBECONFIG',
  files: [{ path: '/k/config', exists: true }],
  merged: {
    clusters: [{ name: 'c', server: 'https://127.0.0.1:6443' }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'a', cluster: 'c', user: 'u' }, { name: 'b', cluster: 'c', user: 'u', namespace: 'ml' }],
    currentContext: 'a',
  },
};

function informer<T>(items: T[], error?: Error): InformerLike<T> {
  return { on: () => undefined, start: () => (error ? Promise.reject(error) : Promise.resolve()), stop: () => Promise.resolve(), list: () => items };
}

function fakeClient(watches: Record<string, InformerLike<unknown>>, served: string[] = []): ClusterClient {
  const made = new Map<string, ResourceWatch<unknown>>();
  return {
    context: 'a',
    defaultNamespace: 'default',
    resourceOf: (apiVersion: string, kind: string) => Promise.resolve(served.includes(`${apiVersion}/${kind}`) ? { plural: kind.toLowerCase(), namespaced: true } : undefined),
    watch: (kind: string) => {
      let w = made.get(kind);
      if (!w) {
        w = new ResourceWatch(watches[kind] ?? informer([]));
        made.set(kind, w);
        void w.start();
      }
      return w;
    },
    dispose: () => made.forEach((w) => w.dispose()),
  } as unknown as ClusterClient;
}

describe('infra/kubernetes/explorer-model', () => {
  it('lists the merged kubeconfig\'s contexts, the chosen one active', async () => {
    const model = new ExplorerModel({ loadConfig: () => Promise.resolve(loaded), openClient: () => Promise.reject(new Error('unused')), activeContext: () => 'b' });
    const roots = await model.children();
    assert.deepEqual(roots.map((r) => (r.kind === 'context' ? [r.context, r.active, r.description] : r.kind)), [
      ['a', false, 'c'],
      ['b', true, 'active · c · ns ml'],
    ]);
    model.dispose();
  });

  it('shows a client that cannot be opened (missing exec plugin) as a message node, not an exception', async () => {
    const model = new ExplorerModel({
      loadConfig: () => Promise.resolve(loaded),
      openClient: () => Promise.reject(new Error('The credential plugin "gke-gcloud-auth-plugin" that context a needs was not found')),
      activeContext: () => undefined,
    });
    const [ctx] = await model.children();
    const kids = await model.children(ctx);
    assert.deepEqual(kids.map((k) => [k.kind, k.kind === 'message' ? k.label : '', k.kind === 'message' ? k.description : '']), [
      ['message', 'Cannot reach the cluster', 'The credential plugin "gke-gcloud-auth-plugin" that context a needs was not found'],
    ]);
    model.dispose();
  });

  it('shows the nodes before every pod is listed ("counting use…"), then refreshes them with the GPU use', async () => {
    let podsListed: () => void = () => undefined;
    const slowPods: InformerLike<unknown> = { ...informer([pod('a', { gpus: 3, node: 'gpu-0' })]), start: () => new Promise<void>((r) => (podsListed = r)) };
    const client = fakeClient({ Node: informer([gpuNode('gpu-0')]), Pod: slowPods });
    const model = new ExplorerModel({ loadConfig: () => Promise.resolve(loaded), openClient: () => Promise.resolve(client), activeContext: () => undefined });
    const nodesGroup: ExplorerNode = { kind: 'group', id: 'a/nodes', context: 'a', group: 'nodes' };
    const first = await model.children(nodesGroup);
    assert.deepEqual(first.map((n) => (n.kind === 'node' ? n.view.description : n.kind)), ['Ready · 8 GPUs, counting use… · NVIDIA-H100-80GB-HBM3']);
    const refreshed = new Promise<ExplorerNode | undefined>((resolve) => model.onDidChange(resolve));
    podsListed();
    assert.equal((await refreshed)?.id, nodesGroup.id);
    const after = await model.children(nodesGroup);
    assert.deepEqual(after.map((n) => (n.kind === 'node' ? n.view.description : n.kind)), ['Ready · 3 of 8 GPUs in use · NVIDIA-H100-80GB-HBM3']);
    model.dispose();
  });

  it('lists nodes with GPU arithmetic, and an unreachable API server as a retrying message node', async () => {
    const ok = fakeClient({ Node: informer([gpuNode('gpu-0')]), Pod: informer([pod('a', { gpus: 5, node: 'gpu-0' })]) });
    const model = new ExplorerModel({ loadConfig: () => Promise.resolve(loaded), openClient: () => Promise.resolve(ok), activeContext: () => undefined });
    const nodesGroup: ExplorerNode = { kind: 'group', id: 'a/nodes', context: 'a', group: 'nodes' };
    const nodes = await model.children(nodesGroup);
    assert.deepEqual(nodes.map((n) => (n.kind === 'node' ? n.view.description : n.kind)), ['Ready · 5 of 8 GPUs in use · NVIDIA-H100-80GB-HBM3']);
    model.dispose();

    const down = fakeClient({ Namespace: informer([], new Error('connect ECONNREFUSED 127.0.0.1:6443')) });
    const model2 = new ExplorerModel({ loadConfig: () => Promise.resolve(loaded), openClient: () => Promise.resolve(down), activeContext: () => undefined });
    const ns = await model2.children({ kind: 'group', id: 'a/namespaces', context: 'a', group: 'namespaces' });
    assert.deepEqual(ns.map((n) => (n.kind === 'message' ? [n.label, n.description, n.tooltip] : n.kind)), [['Cannot reach the cluster', 'retrying in 1 s', 'connect ECONNREFUSED 127.0.0.1:6443']]);
    model2.dispose();
  });

  const nsNode: ExplorerNode = { kind: 'namespace', id: 'a/ns/ml', context: 'a', namespace: 'ml', active: false };
  const podsNode: ExplorerNode = { kind: 'allPods', id: 'a/ns/ml/pods', context: 'a', namespace: 'ml' };
  const labelOf = (n: ExplorerNode) => (n.kind === 'message' ? n.label : n.kind === 'pod' ? n.view.name : n.kind === 'podRange' ? `${n.range.first} … ${n.range.last}` : n.kind);

  /** A pod list that arrives in pages the test releases one by one. */
  function pagedPods(total: number) {
    const all = Array.from({ length: total }, (_, i) => pod(`p-${String(i).padStart(5, '0')}`, { node: 'cpu-0' }));
    let shown = 0;
    let progress: (p: ListProgress) => void = () => undefined;
    let finish: () => void = () => undefined;
    let began: () => void = () => undefined;
    const started = new Promise<void>((r) => (began = r));
    const inf: InformerLike<unknown> = {
      on: () => undefined,
      onProgress: (cb) => (progress = cb),
      start: () => {
        began();
        return new Promise<void>((r) => (finish = r));
      },
      stop: () => Promise.resolve(),
      list: () => all.slice(0, shown),
    };
    return {
      inf,
      /** Delivers the next `n` pods once the model has started listing. */
      async page(n: number) {
        await started;
        shown += n;
        if (shown < total) {
          progress({ listed: shown, estimate: total });
        } else {
          finish();
        }
      },
    };
  }

  it('shows a namespace\'s first page of pods at once with a loading node, and the whole list once every page arrived', async () => {
    const paged = pagedPods(3);
    const model = new ExplorerModel({ loadConfig: () => Promise.resolve(loaded), openClient: () => Promise.resolve(fakeClient({ Pod: paged.inf })), activeContext: () => undefined });
    const first = model.children(podsNode);
    await paged.page(2);
    assert.deepEqual((await first).map(labelOf), ['Loading pods… 2 of ~3', 'p-00000', 'p-00001']);
    const refreshed = new Promise<ExplorerNode | undefined>((resolve) => model.onDidChange(resolve));
    await paged.page(1);
    assert.equal((await refreshed)?.id, podsNode.id);
    assert.deepEqual((await model.children(podsNode)).map(labelOf), ['p-00000', 'p-00001', 'p-00002']);
    model.dispose();
  });

  it('shows thousands of pods as name ranges from the first page on, each range expanding to its pods', async () => {
    const paged = pagedPods(2500);
    const model = new ExplorerModel({ loadConfig: () => Promise.resolve(loaded), openClient: () => Promise.resolve(fakeClient({ Pod: paged.inf })), activeContext: () => undefined });
    const first = model.children(podsNode);
    await paged.page(500);
    assert.deepEqual((await first).map(labelOf), ['Loading pods… 500 of ~2,500', 'p-00000 … p-00499']);
    await paged.page(2000);
    const ranges = await model.children(podsNode);
    assert.deepEqual(ranges.map(labelOf), ['p-00000 … p-00999', 'p-01000 … p-01999', 'p-02000 … p-02499']);
    const last = await model.children(ranges[2]);
    assert.equal(last.length, 500);
    assert.deepEqual([labelOf(last[0]!), labelOf(last[499]!)], ['p-02000', 'p-02499']);
    model.dispose();
  });

  it('adds a group per ML operator kind the cluster serves under a namespace, and lists its workloads with status and pods', async () => {
    const job = {
      metadata: { name: 'train', namespace: 'ml', uid: 'uid-train' },
      spec: { pytorchReplicaSpecs: { Master: { replicas: 1 } } },
      status: { conditions: [{ type: 'Running', status: 'True' }], replicaStatuses: { Master: { active: 1 } } },
    };
    const master = pod('train-master-0', { node: 'gpu-0' });
    master.metadata!.labels = { 'training.kubeflow.org/job-name': 'train', 'training.kubeflow.org/operator-name': 'pytorchjob-controller' };
    const client = fakeClient({ PyTorchJob: informer([job]), Pod: informer([master, pod('unrelated', { node: 'cpu-0' })]) }, ['kubeflow.org/v1/PyTorchJob', 'ray.io/v1/RayCluster']);
    const model = new ExplorerModel({ loadConfig: () => Promise.resolve(loaded), openClient: () => Promise.resolve(client), activeContext: () => undefined });
    const groups = await model.children(nsNode);
    assert.deepEqual(
      groups.map((g) => (g.kind === 'operatorWorkloads' ? g.operatorKind : g.kind === 'workloads' ? g.workloadKind : g.kind)),
      ['Deployment', 'StatefulSet', 'Job', 'CronJob', 'PyTorchJob', 'RayCluster', 'allPods'],
    );
    const jobs = await model.children(groups[4]);
    assert.deepEqual(jobs.map((j) => (j.kind === 'operatorWorkload' ? [j.view.name, j.view.state, j.view.description] : j.kind)), [['train', 'running', 'Running · Master 1/1']]);
    assert.deepEqual((await model.children(jobs[0])).map(labelOf), ['train-master-0']);
    assert.deepEqual((await model.children(groups[5])).map(labelOf), ['No RayClusters']);
    model.dispose();

    const plain = new ExplorerModel({ loadConfig: () => Promise.resolve(loaded), openClient: () => Promise.resolve(fakeClient({})), activeContext: () => undefined });
    assert.deepEqual((await plain.children(nsNode)).map((g) => g.kind), ['workloads', 'workloads', 'workloads', 'workloads', 'allPods'], 'no CRDs, no groups and no error');
    plain.dispose();
  });
});
