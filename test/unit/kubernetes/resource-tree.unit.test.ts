import * as assert from 'node:assert/strict';
import { nodeGpus } from '../../../src/core/kubernetes/gpu';
import { nodeView, ownedPods, podView, workloadDescription } from '../../../src/core/kubernetes/resource-tree';
import { isPodReady, matchesSelector, pickReadyPod, selectorQuery } from '../../../src/core/kubernetes/selectors';
import { backoffMs, forwardView } from '../../../src/core/kubernetes/port-forward';
import { clientOptions } from '../../../src/core/kubernetes/client-options';
import { cpuNode, gpuNode, pod } from './fixtures';

describe('core/kubernetes tree, selectors and forwards', () => {
  it('describes pods: phase, readiness, restarts, GPUs, node', () => {
    assert.equal(podView(pod('a', { gpus: 2, node: 'gpu-0', restarts: 3 })).description, 'Running · 1/1 ready · 3 restarts · GPU ×2 · gpu-0');
    const waiting = pod('b', { node: 'cpu-0', phase: 'Pending', ready: false });
    waiting.status!.containerStatuses![0]!.state = { waiting: { reason: 'ContainerCreating' } };
    assert.deepEqual([podView(waiting).description, podView(waiting).state], ['ContainerCreating · 0/1 ready · cpu-0', 'pending']);
    const gone = pod('c', { node: 'cpu-0' });
    gone.metadata!.deletionTimestamp = '2026-11-28T11:00:00Z';
    assert.equal(podView(gone).state, 'terminating');
  });

  it('describes nodes with GPU arithmetic and model, and workloads by kind', () => {
    const n = gpuNode('gpu-0');
    const v = nodeView(n, nodeGpus(n, [pod('a', { gpus: 5, node: 'gpu-0' })]));
    assert.equal(v.description, 'Ready · 5 of 8 GPUs in use · NVIDIA-H100-80GB-HBM3');
    assert.match(v.tooltip, /Taint: nvidia\.com\/gpu=present:NoSchedule/);
    assert.equal(nodeView(cpuNode('c'), nodeGpus(cpuNode('c'), [])).description, 'Ready');
    assert.equal(workloadDescription('Deployment', { spec: { replicas: 3 }, status: { readyReplicas: 2 } }), '2/3 ready');
    assert.equal(workloadDescription('Job', { spec: { completions: 4 }, status: { succeeded: 1, active: 2, failed: 1 } }), '1/4 succeeded · 2 active · 1 failed');
    assert.equal(workloadDescription('CronJob', { spec: { schedule: '0 * * * *', suspend: true }, status: { active: [{ name: 'x' }] } }), '0 * * * * · suspended · 1 active');
  });

  it('finds a Deployment\'s pods through its ReplicaSets and a Job\'s directly', () => {
    const dep = { metadata: { name: 'web', uid: 'd1' } };
    const rs = { metadata: { name: 'web-abc', uid: 'rs1', ownerReferences: [{ kind: 'Deployment', name: 'web', uid: 'd1' }] } };
    const p1 = pod('web-abc-1');
    p1.metadata!.ownerReferences = [{ kind: 'ReplicaSet', name: 'web-abc', uid: 'rs1' }];
    const p2 = pod('other');
    p2.metadata!.ownerReferences = [{ kind: 'ReplicaSet', name: 'x', uid: 'rs2' }];
    assert.deepEqual(ownedPods('Deployment', dep, [p2, p1], { replicaSets: [rs] }).map((p) => p.metadata?.name), ['web-abc-1']);
    const job = { metadata: { name: 'train', uid: 'j1' } };
    const p3 = pod('train-x');
    p3.metadata!.ownerReferences = [{ kind: 'Job', name: 'train', uid: 'j1' }];
    assert.deepEqual(ownedPods('Job', job, [p1, p3]).map((p) => p.metadata?.name), ['train-x']);
  });

  it('matches label selectors and picks the oldest ready, non-terminating pod', () => {
    const sel = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }, { key: 'canary', operator: 'DoesNotExist' }] };
    assert.equal(matchesSelector(sel, { app: 'web', tier: 'b' }), true);
    assert.equal(matchesSelector(sel, { app: 'web', tier: 'c' }), false);
    assert.equal(matchesSelector(sel, { app: 'web', tier: 'a', canary: '1' }), false);
    assert.equal(matchesSelector({}, { app: 'web' }), false);
    assert.equal(selectorQuery(sel), 'app=web,tier in (a,b),!canary');
    const old = pod('old', { node: 'n' });
    const young = pod('young', { node: 'n' });
    young.metadata!.creationTimestamp = '2026-11-28T12:00:00Z';
    const dying = pod('dying', { node: 'n' });
    dying.metadata!.creationTimestamp = '2026-11-28T09:00:00Z';
    dying.metadata!.deletionTimestamp = '2026-11-28T12:00:00Z';
    assert.equal(isPodReady(dying), false);
    assert.equal(pickReadyPod([young, dying, old, pod('pending')])?.metadata?.name, 'old');
    assert.equal(pickReadyPod([pod('pending')]), undefined);
  });

  it('shows forwards with their state, and backs off exponentially up to a cap', () => {
    const v = forwardView('1', { kind: 'Deployment', namespace: 'ml', name: 'nb' }, 8888, 40001, { kind: 'reconnecting', reason: 'pod nb-1 went away', attempt: 1 });
    assert.deepEqual(v, { id: '1', label: '127.0.0.1:40001 → deployment/nb:8888 (Jupyter)', description: 'ml · reconnecting (pod nb-1 went away)', state: 'reconnecting' });
    assert.deepEqual([0, 1, 2, 10].map((a) => backoffMs(a)), [500, 1000, 2000, 30_000]);
  });

  it('builds client options for one context, with the exec plugin path resolved', () => {
    const config = {
      clusters: [{ name: 'c', server: 'https://127.0.0.1:6443', certificateAuthority: '/pki/ca.crt' }],
      users: [{ name: 'u', exec: { command: 'gke-gcloud-auth-plugin', args: [], env: [] } }],
      contexts: [{ name: 'ctx', cluster: 'c', user: 'u', namespace: 'ml' }],
    };
    const o = clientOptions(config, 'ctx', { execCommand: '/opt/bin/gke-gcloud-auth-plugin' });
    assert.ok(!('problem' in o));
    assert.equal(o.users[0]?.exec?.command, '/opt/bin/gke-gcloud-auth-plugin');
    assert.deepEqual(o.clusters[0], { name: 'c', server: 'https://127.0.0.1:6443', skipTLSVerify: false, caFile: '/pki/ca.crt' });
    assert.deepEqual(clientOptions(config, 'nope'), { problem: 'context nope is not in the kubeconfig' });
  });
});
