import * as assert from 'node:assert/strict';
import type { ExplorerNode } from '../../../src/core/kubernetes/explorer-nodes';
import type { ClusterClient } from '../../../src/infra/kubernetes/cluster-client';
import { ExplorerModel } from '../../../src/infra/kubernetes/explorer-model';
import type { LoadedKubeconfigs } from '../../../src/infra/kubernetes/read-kubeconfigs';
import { ResourceWatch, type InformerLike } from '../../../src/infra/kubernetes/resource-watch';
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

function fakeClient(watches: Record<string, InformerLike<unknown>>): ClusterClient {
  const made = new Map<string, ResourceWatch<unknown>>();
  return {
    context: 'a',
    defaultNamespace: 'default',
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
});
