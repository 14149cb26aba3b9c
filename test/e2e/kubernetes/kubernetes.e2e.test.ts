import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import type { ExplorerNode } from '../../../src/core/kubernetes/explorer-nodes';
import type { ClusterClient } from '../../../src/infra/kubernetes/cluster-client';
import { ExplorerModel } from '../../../src/infra/kubernetes/explorer-model';
import { PortForwardManager } from '../../../src/infra/kubernetes/port-forward-manager';
import { resolveTarget } from '../../../src/infra/kubernetes/resolve-target';
import { whyPending } from '../../../src/infra/kubernetes/why-pending';
import { Kubectl, releaseCluster, upCluster, waitUntil, type ClusterUp, type List } from '../cluster/cluster';
import { explorerModelFor } from './explorer-model-for';

interface KPod {
  metadata: { name: string; namespace: string; deletionTimestamp?: string };
  spec: { nodeName?: string; containers: { resources?: { limits?: Record<string, string>; requests?: Record<string, string> } }[] };
  status: { phase?: string };
}

/** GPUs requested per node, from kubectl: the independent oracle for the explorer's arithmetic. */
async function gpusByNode(k: Kubectl): Promise<Map<string, number>> {
  const pods = await k.json<List<KPod>>(['get', 'pods', '-A']);
  const out = new Map<string, number>();
  for (const p of pods.items) {
    if (!p.spec.nodeName || p.status.phase === 'Succeeded' || p.status.phase === 'Failed') {
      continue;
    }
    const n = p.spec.containers.reduce((s, c) => s + Number(c.resources?.requests?.['nvidia.com/gpu'] ?? c.resources?.limits?.['nvidia.com/gpu'] ?? 0), 0);
    out.set(p.spec.nodeName, (out.get(p.spec.nodeName) ?? 0) + n);
  }
  return out;
}

// The Kubernetes features against the real test cluster (kube-apiserver 1.34 + kwok GPU nodes), all
// through @kubernetes/client-node: explorer model, Why Pending, logs, scale, and a port-forward that
// survives pod replacement. Only 127.0.0.1 traffic: the API server, kwok and a test-owned server.
describe('Kubernetes: explorer, Why Pending, logs, scale and port-forward on the real test cluster', function () {
  const runId = `${Date.now().toString(36)}-${process.pid}`;
  const lease = `e2e-kubernetes-${runId}`;
  const ns = `mlc-e2e-k8s-${runId}`;
  const testLabel = { 'mlc.test': runId };
  const gpuToleration = { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' };
  let up: ClusterUp;
  let k: Kubectl;
  let model: ExplorerModel;
  let client: ClusterClient;
  let tmp: string;
  const forwards = new PortForwardManager({ backoffBaseMs: 100, backoffCapMs: 1_000 });
  const servers: http.Server[] = [];

  before(async function () {
    const buildMs = Number(process.env.MLC_CLUSTER_BUILD_TIMEOUT_MS ?? 90 * 60_000);
    this.timeout(buildMs + 60_000);
    up = await upCluster(lease, buildMs);
    k = new Kubectl(up.info);
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), `mlc-e2e-k8s-${runId}-`));
    await k.namespace(ns, testLabel);
    model = explorerModelFor(up.info.kubeconfig);
    client = await model.client(up.info.context);
  });

  after(async function () {
    this.timeout(120_000);
    await forwards.stopAll();
    model?.dispose();
    // The forward's spare tunnels were closed from our side, which kwok does not pass on to the
    // connections it made to this server: close those here or close() waits for them forever.
    await Promise.all(
      servers.splice(0).map(
        (s) =>
          new Promise((r) => {
            s.close(r);
            s.closeAllConnections();
          }),
      ),
    );
    if (k) {
      const label = `mlc.test=${runId}`;
      await k.run(['delete', 'clusterportforwards.kwok.x-k8s.io', '-l', label, '--ignore-not-found']);
      const r = await k.run(['delete', 'namespace', '-l', label, '--ignore-not-found', '--wait=false']);
      assert.equal(r.code, 0, r.stderr);
    }
    if (tmp) {
      await fs.rm(tmp, { recursive: true, force: true });
    }
    const r = await releaseCluster(lease);
    assert.equal(r.code, 0, r.stderr);
  });

  async function child(parent: ExplorerNode | undefined, pick: (n: ExplorerNode) => boolean, what: string): Promise<ExplorerNode> {
    const found = (await model.children(parent)).find(pick);
    assert.ok(found, `no ${what} under ${parent?.id ?? 'the root'}`);
    return found;
  }

  async function deployment(name: string, replicas: number, spec: object, labels: Record<string, string> = {}): Promise<void> {
    await k.apply([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: ns, labels: testLabel },
        spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { ...testLabel, ...labels, app: name } }, spec } },
      },
    ]);
  }

  it('lists the context and the fixture nodes with the right GPU arithmetic after scheduling a GPU deployment', async function () {
    this.timeout(120_000);
    const ctx = await child(undefined, (n) => n.kind === 'context' && n.context === up.info.context, 'test context');
    assert.equal(ctx.kind === 'context' && ctx.active, true);
    const nodesGroup = await child(ctx, (n) => n.kind === 'group' && n.group === 'nodes', 'Nodes group');
    let changes = 0;
    const off = model.onDidChange((e) => (changes += e?.id === nodesGroup.id ? 1 : 0));
    await model.children(nodesGroup);
    await deployment('trainer', 2, { tolerations: [gpuToleration], containers: [{ name: 'train', image: 'registry.invalid/mlc/trainer:1', resources: { limits: { 'nvidia.com/gpu': '3' } } }] });
    await waitUntil('2 trainer pods running', async () => (await client.listPods(ns, 'app=trainer')).filter((p) => p.status?.phase === 'Running').length === 2, 90_000);
    // Other runs may share the cluster: compare with kubectl's view until both agree at one moment.
    const nodes = await waitUntil('the explorer to agree with kubectl on every node\'s GPUs', async () => {
      const expected = await gpusByNode(k);
      const got = (await model.children(nodesGroup)).filter((n): n is ExplorerNode & { kind: 'node' } => n.kind === 'node');
      const gpuNodes = got.filter((n) => n.view.name.startsWith('mlc-gpu-h100-'));
      const ok = gpuNodes.length === 4 && gpuNodes.every((n) => n.view.description === `Ready · ${expected.get(n.view.name) ?? 0} of 8 GPUs in use · NVIDIA-H100-80GB-HBM3`);
      return ok ? got : undefined;
    }, 60_000);
    off();
    assert.ok(changes > 0, 'the nodes group was refreshed by the watches');
    const mine = await client.listPods(ns, 'app=trainer');
    for (const p of mine) {
      const n = nodes.find((x) => x.kind === 'node' && x.view.name === p.spec?.nodeName);
      assert.ok(n && n.kind === 'node' && n.view.gpu, `${p.metadata?.name} is on a GPU node`);
    }
    for (const n of nodes.filter((x) => x.kind === 'node' && x.view.name.startsWith('mlc-cpu'))) {
      assert.equal(n.kind === 'node' && n.view.description, 'Ready');
    }
    // Namespaces -> Deployments -> trainer -> its 2 pods with GPUs and nodes.
    const nsGroup = await child(ctx, (n) => n.kind === 'group' && n.group === 'namespaces', 'Namespaces group');
    const nsNode = await child(nsGroup, (n) => n.kind === 'namespace' && n.namespace === ns, 'test namespace');
    const deps = await child(nsNode, (n) => n.kind === 'workloads' && n.workloadKind === 'Deployment', 'Deployments');
    const trainer = await waitUntil('trainer 2/2 ready', async () => {
      const t = (await model.children(deps)).find((n) => n.kind === 'workload' && n.name === 'trainer');
      return t?.kind === 'workload' && t.description === '2/2 ready' ? t : undefined;
    });
    const pods = await model.children(trainer);
    assert.equal(pods.length, 2);
    for (const p of pods) {
      assert.equal(p.kind, 'pod');
      assert.match(p.kind === 'pod' ? p.view.description : '', /^Running · 1\/1 ready · GPU ×3 · mlc-gpu-h100-\d$/);
    }
  });

  it('explains a pod asking for 9 GPUs: Insufficient nvidia.com/gpu and the free GPUs per node', async function () {
    this.timeout(90_000);
    await k.apply([
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'too-big', namespace: ns, labels: testLabel },
        spec: { tolerations: [gpuToleration], containers: [{ name: 'train', image: 'registry.invalid/mlc/trainer:1', resources: { limits: { 'nvidia.com/gpu': '9' } } }] },
      },
    ]);
    const e = await waitUntil('the scheduler to have tried', async () => {
      const x = await whyPending(client, ns, 'too-big');
      return x.reasons.some((r) => r.kind === 'scheduler') ? x : undefined;
    });
    const gpu = e.reasons.find((r) => r.kind === 'gpu');
    assert.ok(gpu, JSON.stringify(e));
    assert.match(gpu.text, /^Insufficient nvidia\.com\/gpu: the pod asks for 9, but no node has that many free\. /);
    for (const i of [0, 1, 2, 3]) {
      assert.match(gpu.text, new RegExp(`mlc-gpu-h100-${i} has [0-8] free of 8`));
    }
    assert.ok(!e.reasons.some((r) => r.kind === 'taint'), 'the pod tolerates the GPU taint');
    assert.match(e.reasons.find((r) => r.kind === 'scheduler')?.text ?? '', /Insufficient nvidia\.com\/gpu/);
    assert.match(e.summary, /^Pod too-big is Pending\. Insufficient nvidia\.com\/gpu/);
  });

  it('follows a container\'s log: lines already there, then lines appended while following', async function () {
    this.timeout(90_000);
    await k.apply([
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'logs', namespace: ns, labels: testLabel },
        spec: { nodeSelector: { 'mlc.test/pool': 'cpu' }, containers: [{ name: 'web', image: 'registry.invalid/mlc/web:1' }] },
      },
    ]);
    await waitUntil('pod logs running', async () => (await client.readPod(ns, 'logs'))?.status?.phase === 'Running');
    const file = path.join(tmp, 'logs.log');
    const stamp = () => new Date().toISOString();
    await fs.writeFile(file, `${stamp()} stdout F first line of ${runId}\n`);
    await k.apply([{ apiVersion: 'kwok.x-k8s.io/v1alpha1', kind: 'Logs', metadata: { name: 'logs', namespace: ns, labels: testLabel }, spec: { logs: [{ logsFile: file, follow: true }] } }]);
    // kwok picks the Logs object up through its watch; follow until our first line appears.
    let text = '';
    const abort = new AbortController();
    const out = new Writable({
      write(chunk: Buffer, _e, cb) {
        text += chunk.toString();
        cb();
      },
    });
    const following = waitUntil('the per-pod log to be served', async () => {
      text = '';
      const probe = new AbortController();
      const done = client.logs(ns, 'logs', 'web', out, { tailLines: 5 }, probe.signal);
      await done;
      return text.includes(`first line of ${runId}`);
    });
    await following;
    text = '';
    const streaming = client.logs(ns, 'logs', 'web', out, { follow: true }, abort.signal);
    await waitUntil('the first line while following', () => Promise.resolve(text.includes(`first line of ${runId}`)));
    await fs.appendFile(file, `${stamp()} stdout F appended line of ${runId}\n`);
    await waitUntil('the appended line to stream in', () => Promise.resolve(text.includes(`appended line of ${runId}`)), 30_000);
    abort.abort();
    await streaming;
  });

  it('port-forwards HTTP from 127.0.0.1 to a deployment and keeps working after its pod is deleted and replaced; scale is observed', async function () {
    this.timeout(180_000);
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`pong ${runId} ${req.url ?? ''}`);
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const target = (server.address() as AddressInfo).port;
    await k.apply([
      {
        apiVersion: 'kwok.x-k8s.io/v1alpha1',
        kind: 'ClusterPortForward',
        metadata: { name: `mlc-e2e-k8s-${runId}`, labels: testLabel },
        spec: { selector: { matchNamespaces: [ns] }, forwards: [{ ports: [8080], target: { address: '127.0.0.1', port: target } }] },
      },
    ]);
    await deployment('web', 1, { nodeSelector: { 'mlc.test/pool': 'cpu' }, containers: [{ name: 'web', image: 'registry.invalid/mlc/web:1', ports: [{ name: 'http', containerPort: 8080 }] }] });
    const spec = { target: { kind: 'Deployment' as const, namespace: ns, name: 'web' }, remotePort: 8080 };
    const f = await forwards.start(spec, { resolve: (t, p) => resolveTarget(client, t, p), tunnel: (...a) => client.tunnel(...a), watchPodGone: (...a) => client.watchPodGone(...a) });
    const local = f.localPort!;
    const firstPod = await waitUntil('the forward connected', () => Promise.resolve(f.state.kind === 'connected' ? f.state.pod : undefined), 60_000);
    const states: string[] = [];
    f.onDidChange((s) => states.push(s.kind));
    // kwok applies the ClusterPortForward through its watch: retry until it answers.
    await waitUntil('an answer through the forward', async () => (await httpGet(`http://127.0.0.1:${local}/first`).catch(() => undefined))?.body === `pong ${runId} /first`);
    const many = await Promise.all(Array.from({ length: 20 }, (_, i) => httpGet(`http://127.0.0.1:${local}/r${i}`)));
    assert.deepEqual(many.map((r) => r.body), Array.from({ length: 20 }, (_, i) => `pong ${runId} /r${i}`));

    await client.delete('Pod', ns, firstPod);
    const secondPod = await waitUntil('the forward to move to the replacement pod', () =>
      Promise.resolve(f.state.kind === 'connected' && f.state.pod !== firstPod ? f.state.pod : undefined), 90_000);
    assert.ok(states.includes('reconnecting'), `states: ${states.join(' → ')}`);
    assert.equal(f.localPort, local, 'the local listener is kept');
    const after = await waitUntil('an answer through the forward after replacement', async () => (await httpGet(`http://127.0.0.1:${local}/after`).catch(() => undefined))?.body);
    assert.equal(after, `pong ${runId} /after`);
    assert.notEqual(secondPod, firstPod);

    await client.scale('Deployment', ns, 'web', 3);
    await waitUntil('web scaled to 3 ready', async () => (await client.readWorkload('Deployment', ns, 'web'))?.status?.readyReplicas === 3, 90_000);
    await forwards.stop(f.id);
    assert.equal(f.state.kind, 'stopped');
    await assert.rejects(httpGet(`http://127.0.0.1:${local}/closed`));
  });
});

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: 5_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', reject);
  });
}
