import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { ClusterClient, Tunnel } from '../../../src/infra/kubernetes/cluster-client';
import { openClusterClient } from '../../../src/infra/kubernetes/open-client';
import { PortForwardManager, type ForwardDeps, type PortForward } from '../../../src/infra/kubernetes/port-forward-manager';
import { loadKubeconfigs } from '../../../src/infra/kubernetes/read-kubeconfigs';
import { resolveTarget } from '../../../src/infra/kubernetes/resolve-target';
import { Kubectl, releaseCluster, upCluster, waitUntil, type ClusterUp } from '../cluster/cluster';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** 20 MB that is not one repeated byte, so a misplaced or dropped chunk changes the checksum. */
function blob(size: number): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i += 4) {
    b.writeUInt32BE((i * 2654435761) >>> 0, i);
  }
  return b;
}

// Port-forward through the real API server and kwok (loopback only): kwok forwards the pod's port 8080
// to a test-owned HTTP server on 127.0.0.1. The multiplexed SPDY session carries many connections over
// one websocket; the per-connection websocket path (multiplex: false) must behave the same.
describe('Kubernetes port-forward: one multiplexed session per pod, and the per-connection fallback', function () {
  const runId = `${Date.now().toString(36)}-${process.pid}`;
  const lease = `e2e-port-forward-${runId}`;
  const ns = `mlc-e2e-pf-${runId}`;
  const testLabel = { 'mlc.test': runId };
  const data = blob(20 * 1024 * 1024);
  let up: ClusterUp;
  let k: Kubectl;
  let client: ClusterClient;
  let server: http.Server;
  const logs: string[] = [];
  const tunnels: Tunnel[] = [];

  before(async function () {
    const buildMs = Number(process.env.MLC_CLUSTER_BUILD_TIMEOUT_MS ?? 90 * 60_000);
    this.timeout(buildMs + 120_000);
    up = await upCluster(lease, buildMs);
    k = new Kubectl(up.info);
    server = http.createServer((req, res) => {
      if (req.url === '/blob') {
        res.writeHead(200, { 'content-length': data.length });
        res.end(data);
      } else if (req.url === '/slow') {
        // Sends a first chunk and then holds the response open: the client closes it early.
        res.writeHead(200);
        res.write('x'.repeat(1024));
      } else if (req.url === '/sha') {
        const hash = createHash('sha256');
        req.on('data', (c: Buffer) => hash.update(c));
        req.on('end', () => res.end(hash.digest('hex')));
      } else {
        res.end(`pong ${req.url ?? ''}`);
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    await k.apply([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: testLabel } },
      {
        apiVersion: 'kwok.x-k8s.io/v1alpha1',
        kind: 'ClusterPortForward',
        metadata: { name: `mlc-e2e-pf-${runId}`, labels: testLabel },
        spec: { selector: { matchNamespaces: [ns] }, forwards: [{ ports: [8080], target: { address: '127.0.0.1', port: (server.address() as AddressInfo).port } }] },
      },
    ]);
    await k.defaultServiceAccount(ns);
    await k.apply([
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web', namespace: ns, labels: testLabel },
        spec: { nodeSelector: { 'mlc.test/pool': 'cpu' }, containers: [{ name: 'web', image: 'registry.invalid/mlc/web:1', ports: [{ containerPort: 8080 }] }] },
      },
    ]);
    const env = { ...process.env, KUBECONFIG: up.info.kubeconfig };
    client = await openClusterClient(await loadKubeconfigs(env, process.platform), up.info.context, env, process.platform);
    await waitUntil('the pod running', async () => (await client.readPod(ns, 'web'))?.status?.phase === 'Running', 120_000);
  });

  after(async function () {
    this.timeout(120_000);
    client?.dispose();
    // kwok does not always pass a closed tunnel on to the connection it made to this server.
    await new Promise((r) => {
      server?.close(r);
      server?.closeAllConnections();
    });
    if (k) {
      await k.run(['delete', 'clusterportforwards.kwok.x-k8s.io', '-l', `mlc.test=${runId}`, '--ignore-not-found']);
      await k.run(['delete', 'pods', '--all', '-n', ns, '--force', '--grace-period=0', '--wait=false']);
      const r = await k.run(['delete', 'namespace', ns, '--ignore-not-found', '--wait=false']);
      assert.equal(r.code, 0, r.stderr);
    }
    const r = await releaseCluster(lease);
    assert.equal(r.code, 0, r.stderr);
  });

  beforeEach(() => {
    logs.length = 0;
    tunnels.length = 0;
  });

  function deps(): ForwardDeps {
    return {
      resolve: (t, p) => resolveTarget(client, t, p),
      tunnel: async (...a) => {
        const t = await client.tunnel(...a);
        tunnels.push(t);
        return t;
      },
      watchPodGone: (...a) => client.watchPodGone(...a),
      log: (m) => logs.push(m),
    };
  }

  const forwardsToStop: PortForward[] = [];
  afterEach(async () => {
    await Promise.all(forwardsToStop.splice(0).map((f) => f.stop()));
  });

  async function forward(multiplex: boolean, remotePort = 8080): Promise<PortForward> {
    const f = await new PortForwardManager({ multiplex, backoffBaseMs: 100, backoffCapMs: 1_000 }).start({ target: { kind: 'pod', namespace: ns, name: 'web' }, remotePort }, deps());
    forwardsToStop.push(f);
    return f;
  }

  async function fiftyConcurrent(port: number): Promise<void> {
    // kwok applies the ClusterPortForward through its watch: retry until the first answer.
    await waitUntil('an answer through the forward', async () => (await request(port, 'GET', '/ping').catch(() => undefined))?.body.toString() === 'pong /ping', 60_000);
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => request(port, 'GET', `/r${i}`)));
    assert.deepEqual(
      answers.map((a) => a.body.toString()),
      Array.from({ length: 50 }, (_, i) => `pong /r${i}`),
    );
  }

  it('answers 50 concurrent HTTP requests correctly over one multiplexed session', async function () {
    this.timeout(120_000);
    const f = await forward(true);
    await fiftyConcurrent(f.localPort!);
    assert.ok(tunnels.length >= 51, `tunnels: ${tunnels.length}`);
    assert.ok(tunnels.every((t) => t.multiplexed === true), 'every connection is a stream pair of the SPDY session');
  });

  it('carries 20 MB byte-exact in both directions', async function () {
    this.timeout(180_000);
    const f = await forward(true);
    const port = f.localPort!;
    await fiftyConcurrent(port);
    const down = await request(port, 'GET', '/blob');
    assert.equal(down.body.length, data.length);
    assert.equal(sha256(down.body), sha256(data), 'download checksum');
    const upHash = await request(port, 'POST', '/sha', data);
    assert.equal(upHash.body.toString(), sha256(data), 'upload checksum');
  });

  it('keeps other connections working when a local client closes early', async function () {
    this.timeout(120_000);
    const f = await forward(true);
    const port = f.localPort!;
    await fiftyConcurrent(port);
    // A download in flight and a response held open, both abandoned half way by their clients.
    const abandoned = await Promise.all([abandonAfterFirstBytes(port, '/blob'), abandonAfterFirstBytes(port, '/slow')]);
    assert.deepEqual(abandoned, [true, true]);
    const [others, big] = await Promise.all([Promise.all(Array.from({ length: 10 }, (_, i) => request(port, 'GET', `/after${i}`))), request(port, 'GET', '/blob')]);
    assert.deepEqual(
      others.map((a) => a.body.toString()),
      Array.from({ length: 10 }, (_, i) => `pong /after${i}`),
    );
    assert.equal(sha256(big.body), sha256(data));
    assert.equal(f.state.kind, 'connected');
  });

  it('still answers a client that half-closes after its request (its FIN goes on as the stream FIN)', async function () {
    this.timeout(120_000);
    const f = await forward(true);
    const port = f.localPort!;
    await fiftyConcurrent(port);
    const answer = await new Promise<string>((resolve, reject) => {
      const c = net.connect(port, '127.0.0.1', () => c.end('GET /half HTTP/1.1\r\nHost: pod\r\nConnection: close\r\n\r\n'));
      let text = '';
      c.on('data', (d: Buffer) => (text += d.toString()));
      c.on('end', () => resolve(text));
      c.on('error', reject);
    });
    assert.match(answer, /^HTTP\/1\.1 200 OK/);
    assert.ok(answer.endsWith('pong /half'), answer);
  });

  it('falls back to one websocket per connection when multiplexing is off, with the same answers', async function () {
    this.timeout(120_000);
    const f = await forward(false);
    await fiftyConcurrent(f.localPort!);
    assert.ok(tunnels.length > 0);
    assert.ok(tunnels.every((t) => t.multiplexed === false), 'no connection went over the SPDY session');
  });

  it('reports in the forward log when the pod end cannot reach the port', async function () {
    this.timeout(120_000);
    // kwok forwards only 8080 to the test server: a connection to 8081 fails on the pod's side.
    const f = await forward(true, 8081);
    await assert.rejects(request(f.localPort!, 'GET', '/nothing'));
    await waitUntil('the error in the forward log', () => Promise.resolve(logs.find((l) => l.startsWith(`port-forward ${f.id}:`))), 30_000);
    assert.equal(f.state.kind, 'connected', 'the forward itself stays up');
  });
});

function request(port: number, method: string, path: string, body?: Buffer): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent: false, timeout: 60_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: ${path}`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Starts a GET, destroys it once the first bytes of the body came; true when some came. */
function abandonAfterFirstBytes(port: number, path: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false, timeout: 60_000 }, (res) => {
      res.once('data', () => {
        req.destroy();
        resolve(true);
      });
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: ${path}`)));
    req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
  });
}
