/**
 * Issue 7 in the real VS Code against the real test cluster (kube-apiserver 1.34 + kwok GPU nodes):
 * the Clusters view shows the GPU nodes with their GPU arithmetic, and a port-forward opened from
 * a pod's inline action (the plug button on its row) shows in the Port Forwards view and carries HTTP to a loopback server.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Kubectl, type List, releaseCluster, upCluster } from '../../e2e/cluster/cluster';
import { openSession, type UiSession } from '../support/session';
import { waitFor } from '../support/wait';
import {
  answerInput,
  collapseRow,
  collapseView,
  expandRow,
  expandView,
  inlineAction,
  keepScreenshot,
  labelledRow,
  pickItem,
  rowText,
  scrollToRow,
  showMlContainers,
  treeRow,
  waitForNotification,
  widenSideBar,
  screenshotOnFailure,
} from '../support/workbench';
import { type TestWorkspace, workspaceWith } from '../support/workspace';

interface KPod {
  metadata: { name: string };
  spec: { nodeName?: string; containers: { resources?: { limits?: Record<string, string>; requests?: Record<string, string> } }[] };
  status: { phase?: string; conditions?: { type: string; status: string }[] };
}

const gpuNodes = ['mlc-gpu-h100-0', 'mlc-gpu-h100-1', 'mlc-gpu-h100-2', 'mlc-gpu-h100-3'];

/** GPUs requested per node, from kubectl: the independent oracle for the view's arithmetic. */
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

describe('Clusters and Port Forwards views in the browser workbench (issue 7)', function () {
  this.timeout(300_000);
  const runId = `${Date.now().toString(36)}-${process.pid}`;
  const lease = `host-ui-kubernetes-${runId}`;
  const ns = `mlc-host-ui-${runId}`;
  const testLabel = { 'mlc.test': runId };
  let k: Kubectl | undefined;
  let leased = false;
  let server: http.Server | undefined;
  let workspace: TestWorkspace | undefined;
  let session: UiSession | undefined;

  /**
   * Server-side apply, retried: the cluster is shared (benchmarks may load it), and kubectl's
   * client-side validation fetches the whole OpenAPI document first, so it is off (the server
   * still checks the objects).
   */
  async function apply(objects: object[]): Promise<void> {
    const input = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects });
    await waitFor('kubectl apply to succeed', async () => {
      await k!.ok(['apply', '--server-side', '--field-manager=mlc-host-ui', '--validate=false', '-f', '-'], { input, timeoutMs: 60_000 });
      return true;
    }, { timeoutMs: 240_000, intervalMs: 2_000 });
  }

  async function deployment(name: string, spec: object): Promise<void> {
    await apply([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: ns, labels: testLabel },
        spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { ...testLabel, app: name } }, spec } },
      },
    ]);
  }

  before(async function () {
    const buildMs = Number(process.env.MLC_CLUSTER_BUILD_TIMEOUT_MS ?? 90 * 60_000);
    this.timeout(buildMs + 300_000);
    const up = await upCluster(lease, buildMs);
    leased = true;
    k = new Kubectl(up.info);
    server = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`pong ${runId} ${req.url ?? ''}`);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const target = (server.address() as AddressInfo).port;
    await apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: testLabel } }]);
    await waitFor('the default service account', async () => ((await k!.run(['get', 'serviceaccount', 'default', '-n', ns])).code === 0 ? true : undefined), { timeoutMs: 60_000, intervalMs: 250 });
    // kwok answers port-forwards to pods in this namespace with the loopback server above.
    await apply([
      {
        apiVersion: 'kwok.x-k8s.io/v1alpha1',
        kind: 'ClusterPortForward',
        metadata: { name: `mlc-host-ui-${runId}`, labels: testLabel },
        spec: { selector: { matchNamespaces: [ns] }, forwards: [{ ports: [8080], target: { address: '127.0.0.1', port: target } }] },
      },
    ]);
    await deployment('web', { nodeSelector: { 'mlc.test/pool': 'cpu' }, containers: [{ name: 'web', image: 'registry.invalid/mlc/web:1', ports: [{ name: 'http', containerPort: 8080 }] }] });
    await deployment('trainer', {
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
      containers: [{ name: 'train', image: 'registry.invalid/mlc/trainer:1', resources: { limits: { 'nvidia.com/gpu': '3' } } }],
    });
    // Ready, not only Running: a port-forward to a Deployment waits for a ready pod.
    await waitFor('the web and trainer pods to be ready', async () => {
      const pods = await k!.json<List<KPod>>(['get', 'pods', '-n', ns]);
      return pods.items.filter((p) => p.status.phase === 'Running' && p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length === 2 ? true : undefined;
    }, { timeoutMs: 180_000, intervalMs: 1_000 });
    workspace = workspaceWith({ 'README.md': 'Kubernetes UI test workspace\n' });
    session = await openSession('kubernetes', workspace.path, { KUBECONFIG: up.info.kubeconfig });
  });

  afterEach(async function () {
    await screenshotOnFailure(this.currentTest, session?.page, 'kubernetes');
  });

  after(async function () {
    this.timeout(180_000);
    await session?.close();
    workspace?.dispose();
    await new Promise((resolve) => {
      if (!server) {
        resolve(undefined);
        return;
      }
      server.close(resolve);
      // kwok keeps its side of a tunnel open after ours closes (and spare tunnels may never carry a request).
      server.closeAllConnections();
    });
    if (k) {
      await k.run(['delete', 'clusterportforwards.kwok.x-k8s.io', '-l', `mlc.test=${runId}`, '--ignore-not-found']);
      await k.run(['delete', 'namespace', '-l', `mlc.test=${runId}`, '--ignore-not-found', '--wait=false']);
    }
    if (leased) {
      const r = await releaseCluster(lease);
      assert.equal(r.code, 0, r.stderr);
    }
  });

  it('shows the GPU nodes with the GPUs in use out of 8, as kubectl counts them', async () => {
    const page = session!.page;
    await page.setViewportSize({ width: 1600, height: 1300 }); // room for the cluster's tree
    await showMlContainers(page);
    await widenSideBar(page, 720); // whole descriptions in the screenshots
    for (const view of ['Get Started', 'Images', 'Containers', 'Port Forwards']) {
      await collapseView(page, view);
    }
    const clusters = await expandView(page, 'Clusters');
    await expandRow(clusters, labelledRow(clusters, 'mlc-test'));
    await expandRow(clusters, labelledRow(clusters, 'Nodes'));
    // Other runs may share the cluster: wait until the view and kubectl agree at one moment.
    const shown = await waitFor('the Clusters view to agree with kubectl on every GPU node', async () => {
      const expected = await gpusByNode(k!);
      const rows: string[] = [];
      for (const name of gpuNodes) {
        const { description } = await rowText(labelledRow(clusters, name));
        if (description !== `Ready · ${expected.get(name) ?? 0} of 8 GPUs in use · NVIDIA-H100-80GB-HBM3`) {
          return undefined;
        }
        rows.push(`${name}: ${description}`);
      }
      return rows;
    }, { timeoutMs: 180_000, intervalMs: 2_000 });
    assert.equal(shown.length, 4);
    const trainerNode = (await k!.json<List<KPod>>(['get', 'pods', '-n', ns, '-l', 'app=trainer'])).items[0]?.spec.nodeName;
    assert.ok(trainerNode && shown.some((row) => row.startsWith(`${trainerNode}:`) && !row.includes(' 0 of 8 ')), `the trainer's node ${trainerNode} counts its 3 GPUs: ${shown.join(' | ')}`);
    assert.equal((await rowText(labelledRow(clusters, 'mlc-cpu-0'))).description, 'Ready');
    await keepScreenshot(page, 'k8s-gpu-nodes');
  });

  it('opens a port-forward from a pod\'s inline action, lists it in Port Forwards, and carries HTTP over 127.0.0.1', async () => {
    const page = session!.page;
    const clusters = await expandView(page, 'Clusters');
    await collapseRow(labelledRow(clusters, 'Nodes')); // room for the namespace's rows
    await expandRow(clusters, labelledRow(clusters, 'Namespaces'));
    await expandRow(clusters, await scrollToRow(page, clusters, labelledRow(clusters, ns)));
    await expandRow(clusters, labelledRow(clusters, 'Deployments'));
    await expandRow(clusters, labelledRow(clusters, 'web'));
    const pod = labelledRow(clusters, /^web-[a-z0-9]+-[a-z0-9]+$/);
    await pod.waitFor({ state: 'visible', timeout: 60_000 });
    const { label: podName, description } = await rowText(pod);
    assert.match(description, /^Running/);

    await inlineAction(pod, 'Port Forward…');
    await pickItem(page, `Port Forward to ${podName}`, /^8080/);
    await answerInput(page, 'Local port on 127.0.0.1', '');
    const message = await waitForNotification(page, new RegExp(`Forwarding 127\\.0\\.0\\.1:\\d+ → ${podName}:8080`), 60_000);
    const localPort = Number(/127\.0\.0\.1:(\d+)/.exec(message)?.[1]);
    assert.ok(localPort > 0, message);

    const forwards = await expandView(page, 'Port Forwards');
    const row = treeRow(forwards, `127.0.0.1:${localPort} →`);
    await waitFor('the forward to show as connected', async () => (/connected via/.test((await row.textContent({ timeout: 1_000 })) ?? '') ? true : undefined), { timeoutMs: 120_000, intervalMs: 250 });
    // kwok picks the ClusterPortForward up through its watch: retry until it answers.
    const answer = await waitFor('an answer through the forward', async () => (await httpGet(`http://127.0.0.1:${localPort}/from-the-ui`).catch(() => undefined))?.body, { timeoutMs: 60_000, intervalMs: 500 });
    assert.equal(answer, `pong ${runId} /from-the-ui`);
    await keepScreenshot(page, 'k8s-port-forward');
  });
});
