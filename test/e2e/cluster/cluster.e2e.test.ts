import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  isReady,
  Kubectl,
  releaseCluster,
  upCluster,
  waitUntil,
  type ClusterUp,
  type KubeEvent,
  type List,
  type Node,
  type Pod,
} from './cluster';

// The real test cluster: etcd + kube-apiserver + controller-manager + scheduler (Kubernetes 1.34, built
// from the Go module proxy by scripts/cluster/build.sh) and kwok for fake nodes, with the simulated GPU
// pool of test/fixtures/cluster. Proves that the cluster is real enough for the Kubernetes features:
// scheduling on GPUs, FailedScheduling for too many GPUs, logs, exec and port-forward through the API
// server.
describe('Test cluster: real Kubernetes 1.34 API server with a simulated GPU pool (kwok)', function () {
  const runId = `${Date.now().toString(36)}-${process.pid}`;
  const lease = `e2e-cluster-${runId}`;
  const ns = `mlc-e2e-cluster-${runId}`;
  const testLabel = { 'mlc.test': runId };
  const gpuToleration = { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' };
  let up: ClusterUp;
  let k: Kubectl;
  let tmp: string | undefined;
  const children: ChildProcess[] = [];
  const servers: http.Server[] = [];

  before(async function () {
    // The first run on a machine builds the control plane from source (tens of minutes on 2 cores).
    const buildMs = Number(process.env.MLC_CLUSTER_BUILD_TIMEOUT_MS ?? 90 * 60_000);
    this.timeout(buildMs + 60_000);
    up = await upCluster(lease, buildMs);
    k = new Kubectl(up.info);
    console.log(`      cluster ${up.started ? 'started' : 'reused'} in ${(up.ms / 1000).toFixed(1)} s (${up.info.server})`);
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), `mlc-e2e-cluster-${runId}-`));
    await k.namespace(ns, testLabel);
  });

  after(async function () {
    this.timeout(180_000);
    for (const c of children.splice(0)) {
      c.kill('SIGKILL');
    }
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
    if (k) {
      const label = `mlc.test=${runId}`;
      await k.run(['delete', 'clusterportforwards.kwok.x-k8s.io', '-l', label, '--ignore-not-found']);
      // The namespace controller finishes the deletion in the background (about 10 s with pods).
      const r = await k.run(['delete', 'namespace', '-l', label, '--ignore-not-found', '--wait=false']);
      assert.equal(r.code, 0, `deleting the test namespace failed: ${r.stderr}`);
      const left = await k.json<List<{ metadata: { name: string; deletionTimestamp?: string } }>>(['get', 'namespaces', '-l', label]);
      assert.ok(left.items.every((n) => n.metadata.deletionTimestamp), `namespaces not being deleted: ${left.items.map((n) => n.metadata.name).join(', ')}`);
    }
    if (tmp) {
      await fs.rm(tmp, { recursive: true, force: true });
    }
    // Stops the cluster unless another run still holds a lease or it was started with up.sh --keep.
    const r = await releaseCluster(lease);
    assert.equal(r.code, 0, `down.sh --release failed: ${r.stderr}`);
  });

  /** A Running pod on a CPU node with a declared port, used by the logs / exec / port-forward tests. */
  async function webPod(name: string): Promise<Pod> {
    await k.apply([
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: ns, labels: { ...testLabel, app: name } },
        spec: {
          nodeSelector: { 'mlc.test/pool': 'cpu' },
          containers: [{ name: 'web', image: 'registry.invalid/mlc/web:1', ports: [{ name: 'http', containerPort: 8080 }] }],
        },
      },
    ]);
    return waitUntil(`pod ${name} Running`, async () => {
      const pod = await k.json<Pod>(['get', 'pod', name, '-n', ns]);
      return pod.status.phase === 'Running' && isReady(pod.status.conditions) ? pod : undefined;
    });
  }

  it('answers with server version v1.34.x (the version build.sh stamped)', async function () {
    const v = await k.json<{ serverVersion: { gitVersion: string; major: string; minor: string } }>(['version']);
    assert.match(v.serverVersion.gitVersion, /^v1\.34\.\d+$/);
    assert.equal(v.serverVersion.gitVersion, up.info.kubernetesVersion);
    assert.equal(v.serverVersion.major, '1');
    assert.equal(v.serverVersion.minor, '34');
    // Every listener of the control plane is on loopback (IPv4 127.0.0.1, none on IPv6).
    const v4 = listeners(await fs.readFile('/proc/net/tcp', 'utf8'));
    const v6 = listeners(await fs.readFile('/proc/net/tcp6', 'utf8'));
    for (const [name, port] of Object.entries(up.info.ports)) {
      assert.deepEqual(v4.get(port), ['0100007F'], `${name} (port ${port}) listens on ${JSON.stringify(v4.get(port))}`);
      assert.equal(v6.get(port), undefined, `${name} (port ${port}) also listens on IPv6`);
    }
  });

  it('has the fixture nodes Ready: 4 GPU nodes with 8 nvidia.com/gpu allocatable and the GPU taint, 2 CPU nodes', async function () {
    const nodes = await waitUntil('the 6 fixture nodes Ready', async () => {
      const list = await k.json<List<Node>>(['get', 'nodes', '-l', 'mlc.test/fixture=gpu-cluster']);
      // Ready, and the controller-manager has removed the not-ready taint new nodes start with.
      const schedulable = (n: Node) => isReady(n.status.conditions) && !n.spec.taints?.some((t) => t.key.startsWith('node.kubernetes.io/'));
      return list.items.length === 6 && list.items.every(schedulable) ? list.items : undefined;
    });
    const gpu = nodes.filter((n) => n.metadata.labels?.['mlc.test/pool'] === 'gpu');
    const cpu = nodes.filter((n) => n.metadata.labels?.['mlc.test/pool'] === 'cpu');
    assert.equal(gpu.length, 4);
    assert.equal(cpu.length, 2);
    for (const n of gpu) {
      assert.equal(n.status.allocatable?.['nvidia.com/gpu'], '8', n.metadata.name);
      assert.equal(n.status.capacity?.['nvidia.com/gpu'], '8', n.metadata.name);
      assert.equal(n.metadata.labels?.['nvidia.com/gpu.product'], 'NVIDIA-H100-80GB-HBM3');
      assert.deepEqual(n.spec.taints?.map((t) => `${t.key}=${t.value}:${t.effect}`), ['nvidia.com/gpu=present:NoSchedule']);
    }
    for (const n of cpu) {
      assert.equal(n.status.allocatable?.['nvidia.com/gpu'], undefined, n.metadata.name);
      assert.equal(n.spec.taints, undefined, n.metadata.name);
    }
  });

  it('schedules a 2-replica Deployment asking 1 nvidia.com/gpu each onto GPU nodes, and its pods run', async function () {
    this.timeout(120_000);
    await k.apply([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'trainer', namespace: ns, labels: testLabel },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'trainer' } },
          template: {
            metadata: { labels: { ...testLabel, app: 'trainer' } },
            spec: {
              tolerations: [gpuToleration],
              containers: [{ name: 'train', image: 'registry.invalid/mlc/trainer:1', resources: { limits: { 'nvidia.com/gpu': '1' } } }],
            },
          },
        },
      },
    ]);
    const pods = await waitUntil(
      '2 trainer pods Running',
      async () => {
        const list = await k.json<List<Pod>>(['get', 'pods', '-n', ns, '-l', 'app=trainer']);
        const running = list.items.filter((p) => p.status.phase === 'Running' && isReady(p.status.conditions));
        return running.length === 2 ? running : undefined;
      },
      90_000,
    );
    for (const p of pods) {
      assert.match(p.spec.nodeName ?? '', /^mlc-gpu-h100-\d$/, `${p.metadata.name} landed on ${p.spec.nodeName}`);
    }
    await waitUntil('the Deployment available', async () => {
      const d = await k.json<{ status: { availableReplicas?: number } }>(['get', 'deployment', 'trainer', '-n', ns]);
      return d.status.availableReplicas === 2;
    });
  });

  it('keeps a pod asking for 9 GPUs Pending with a FailedScheduling event: Insufficient nvidia.com/gpu', async function () {
    this.timeout(90_000);
    await k.apply([
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'too-big', namespace: ns, labels: testLabel },
        spec: {
          tolerations: [gpuToleration],
          containers: [{ name: 'train', image: 'registry.invalid/mlc/trainer:1', resources: { limits: { 'nvidia.com/gpu': '9' } } }],
        },
      },
    ]);
    const event = await waitUntil(
      'a FailedScheduling event for too-big',
      async () => {
        const list = await k.json<List<KubeEvent>>(['get', 'events', '-n', ns, '--field-selector', 'involvedObject.name=too-big,reason=FailedScheduling']);
        return list.items[0];
      },
      60_000,
    );
    assert.equal(event.type, 'Warning');
    assert.match(event.message ?? '', /Insufficient nvidia\.com\/gpu/);
    const pod = await k.json<Pod>(['get', 'pod', 'too-big', '-n', ns]);
    assert.equal(pod.status.phase, 'Pending');
    assert.equal(pod.spec.nodeName, undefined);
    const scheduled = pod.status.conditions?.find((c) => c.type === 'PodScheduled');
    assert.equal(scheduled?.status, 'False');
    assert.equal(scheduled?.reason, 'Unschedulable');
  });

  it('kubectl logs: the default comes from the ClusterLogs file; a per-pod Logs rule overrides it', async function () {
    this.timeout(90_000);
    await webPod('logs');
    // The files are in the CRI log format the kubelet reads: "<time> <stream> <F|P> <text>".
    const cri = await fs.readFile(up.info.kwokLogsFile, 'utf8');
    const expected = cri.split('\n').filter(Boolean).map((l) => `${l.split(' ').slice(3).join(' ')}\n`).join('');
    assert.match(expected, /log line 1 from kwok ClusterLogs/);
    assert.equal(await k.ok(['logs', '-n', ns, 'logs']), expected);

    const own = path.join(tmp!, 'logs.log');
    const now = new Date().toISOString();
    await fs.writeFile(own, `${now} stdout F first line of ${runId}\n${now} stderr F second line of ${runId}\n`);
    await k.apply([
      { apiVersion: 'kwok.x-k8s.io/v1alpha1', kind: 'Logs', metadata: { name: 'logs', namespace: ns, labels: testLabel }, spec: { logs: [{ logsFile: own, follow: true }] } },
    ]);
    const tail = await waitUntil('kwok to serve the per-pod logs file', async () => {
      const out = await k.ok(['logs', '-n', ns, 'logs', '--tail=1']);
      return out.includes(runId) ? out : undefined;
    });
    assert.equal(tail, `second line of ${runId}\n`);
  });

  it('kubectl port-forward reaches a test-owned HTTP server on 127.0.0.1 (kwok ClusterPortForward)', async function () {
    this.timeout(90_000);
    const body = `hello from the test server of ${runId}`;
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`${body} ${req.url ?? ''}`);
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const target = (server.address() as AddressInfo).port;
    await webPod('web');
    await k.apply([
      {
        apiVersion: 'kwok.x-k8s.io/v1alpha1',
        kind: 'ClusterPortForward',
        metadata: { name: `mlc-e2e-${runId}`, labels: testLabel },
        spec: { selector: { matchNamespaces: [ns] }, forwards: [{ ports: [8080], target: { address: '127.0.0.1', port: target } }] },
      },
    ]);

    const pf = spawn(k.file, ['--kubeconfig', up.info.kubeconfig, 'port-forward', '-n', ns, 'pod/web', '--address', '127.0.0.1', ':8080'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(pf);
    let pfOut = '';
    pf.stdout.on('data', (c: Buffer) => (pfOut += c.toString()));
    pf.stderr.on('data', (c: Buffer) => (pfOut += c.toString()));
    const local = await waitUntil('kubectl port-forward to listen', () => {
      const m = /Forwarding from 127\.0\.0\.1:(\d+) -> 8080/.exec(pfOut);
      if (pf.exitCode !== null) {
        throw new Error(`kubectl port-forward exited ${pf.exitCode}: ${pfOut}`);
      }
      return Promise.resolve(m ? Number(m[1]) : undefined);
    });
    // kwok picks the new ClusterPortForward up through its watch: retry until it forwards.
    const got = await waitUntil('an answer through the port-forward', async () => {
      const r = await httpGet(`http://127.0.0.1:${local}/through-the-apiserver`);
      return r.status === 200 ? r.body : undefined;
    });
    assert.equal(got, `${body} /through-the-apiserver`);
    // Several requests over separate connections through the same forward.
    const many = await Promise.all([1, 2, 3, 4, 5].map((i) => httpGet(`http://127.0.0.1:${local}/r${i}`)));
    assert.deepEqual(
      many.map((r) => r.body),
      [1, 2, 3, 4, 5].map((i) => `${body} /r${i}`),
    );
  });

  it('kubectl exec runs the command locally (kwok ClusterExec) with the configured work dir and env', async function () {
    this.timeout(60_000);
    await webPod('exec');
    const env = await waitUntil('kubectl exec to answer', async () => {
      const r = await k.run(['exec', '-n', ns, 'exec', '--', 'printenv', 'MLC_KWOK_EXEC']);
      return r.code === 0 ? r.stdout : undefined;
    });
    assert.equal(env, '1\n');
    assert.equal(await k.ok(['exec', '-n', ns, 'exec', '--', 'hostname']), `${os.hostname()}\n`);
    assert.equal(await k.ok(['exec', '-n', ns, 'exec', '--', 'pwd']), `${await fs.realpath(up.info.kwokExecWorkDir)}\n`);
    // Exit codes come back through the API server.
    const failing = await k.run(['exec', '-n', ns, 'exec', '--', 'false']);
    assert.notEqual(failing.code, 0);
  });
});

/** Listening sockets in a /proc/net/tcp{,6} table: port -> local addresses (hex, as the kernel writes them). */
function listeners(table: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const line of table.split('\n').slice(1)) {
    const [, local, , state] = line.trim().split(/\s+/);
    if (state !== '0A' || !local) {
      continue;
    }
    const [addr = '', portHex = ''] = local.split(':');
    const port = parseInt(portHex, 16);
    out.set(port, [...(out.get(port) ?? []), addr]);
  }
  return out;
}

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
