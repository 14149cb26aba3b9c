import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import type { LogPreferences } from '../../../src/core/kubernetes/log-options';
import { nameOf } from '../../../src/core/kubernetes/objects';
import type { ClusterClient } from '../../../src/infra/kubernetes/cluster-client';
import { ExplorerModel } from '../../../src/infra/kubernetes/explorer-model';
import { MergedLogs } from '../../../src/infra/kubernetes/merged-logs';
import { Kubectl, releaseCluster, upCluster, waitUntil, type ClusterUp } from '../cluster/cluster';
import { explorerModelFor } from './explorer-model-for';

// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

// Merged workload logs against the real test cluster (kube-apiserver 1.34 + kwok): kwok serves each
// pod's log from a file this test writes (a kwok Logs object per pod), through the API server's
// pods/log endpoint, so tailLines/sinceSeconds/follow are the real API's behaviour. Loopback only.
describe('Kubernetes: merged workload logs on the real test cluster', function () {
  const runId = `${Date.now().toString(36)}-${process.pid}`;
  const lease = `e2e-logs-${runId}`;
  const ns = `mlc-e2e-logs-${runId}`;
  const testLabel = { 'mlc.test': runId };
  let up: ClusterUp;
  let k: Kubectl;
  let model: ExplorerModel;
  let client: ClusterClient;
  let tmp: string;
  let pods: string[] = [];
  const running: MergedLogs[] = [];
  const models: ExplorerModel[] = [];
  const iso = (msAgo = 0) => new Date(Date.now() - msAgo).toISOString();
  const fileOf = (pod: string) => path.join(tmp, `${pod}.log`);

  before(async function () {
    const buildMs = Number(process.env.MLC_CLUSTER_BUILD_TIMEOUT_MS ?? 90 * 60_000);
    this.timeout(buildMs + 240_000);
    up = await upCluster(lease, buildMs);
    k = new Kubectl(up.info);
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), `mlc-e2e-logs-${runId}-`));
    await k.namespace(ns, testLabel);
    model = explorerModelFor(up.info.kubeconfig);
    client = await model.client(up.info.context);
    await k.apply([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: ns, labels: testLabel },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'web' } },
          template: { metadata: { labels: { ...testLabel, app: 'web' } }, spec: { nodeSelector: { 'mlc.test/pool': 'cpu' }, containers: [{ name: 'web', image: 'registry.invalid/mlc/web:1' }] } },
        },
      },
    ]);
    pods = await waitUntil(
      '3 web pods running',
      async () => {
        const list = (await client.listPods(ns, 'app=web')).filter((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp);
        return list.length === 3 ? list.map(nameOf).sort() : undefined;
      },
      120_000,
    );
    // Each pod's own log: one line from two hours ago, two from now.
    for (const pod of pods) {
      await fs.writeFile(fileOf(pod), [`${iso(2 * 3600_000)} stdout F old line of ${pod}`, `${iso()} stdout F line 2 of ${pod}`, `${iso()} stdout F line 3 of ${pod}`, ''].join('\n'));
    }
    await k.apply(pods.map((pod) => ({ apiVersion: 'kwok.x-k8s.io/v1alpha1', kind: 'Logs', metadata: { name: pod, namespace: ns, labels: testLabel }, spec: { logs: [{ logsFile: fileOf(pod), follow: true }] } })));
    // kwok picks the Logs objects up through its watch: read each pod's log until it is its own.
    for (const pod of pods) {
      await waitUntil(
        `kwok to serve ${pod}'s own log`,
        async () => {
          let text = '';
          const out = new Writable({
            write(chunk: Buffer, _e, cb) {
              text += chunk.toString();
              cb();
            },
          });
          await client.logs(ns, pod, 'web', out, { tailLines: 1 }, new AbortController().signal);
          return text.includes(`line 3 of ${pod}`);
        },
        120_000,
        500,
      );
    }
  });

  after(async function () {
    this.timeout(120_000);
    for (const m of running.splice(0)) {
      m.dispose();
    }
    model?.dispose();
    for (const m of models.splice(0)) {
      m.dispose();
    }
    if (k) {
      const r = await k.run(['delete', 'namespace', '-l', `mlc.test=${runId}`, '--ignore-not-found', '--wait=false']);
      assert.equal(r.code, 0, r.stderr);
    }
    if (tmp) {
      await fs.rm(tmp, { recursive: true, force: true });
    }
    const r = await releaseCluster(lease);
    assert.equal(r.code, 0, r.stderr);
  });

  function follow(preferences: LogPreferences, options: { through?: ClusterClient; name?: string; kind?: 'Deployment' | 'Job' } = {}): { lines: () => string[]; text: () => string } {
    let text = '';
    const target = { namespace: ns, kind: options.kind ?? 'Deployment', name: options.name ?? 'web' };
    const m = new MergedLogs(options.through ?? client, target, preferences, (t) => (text += t), { backoffBaseMs: 200, backoffCapMs: 2_000 });
    running.push(m);
    m.start();
    return { text: () => plain(text), lines: () => plain(text).split('\r\n').filter(Boolean) };
  }

  const linesOf = (lines: string[], pod: string) => lines.filter((l) => l.startsWith(`[${pod}/web] `)).map((l) => l.slice(`[${pod}/web] `.length));

  async function appendToEach(what: string): Promise<void> {
    for (const pod of pods) {
      await fs.appendFile(fileOf(pod), `${iso()} stdout F ${what} of ${pod}\n`);
    }
  }

  it('merges the 3 replicas\' logs, each line with its own pod\'s prefix; tailLines=1 gives one line per pod, then follows', async function () {
    this.timeout(120_000);
    const view = follow({ range: { kind: 'tail', lines: 1 }, timestamps: false });
    await waitUntil('the last line of every pod', () => Promise.resolve(pods.every((p) => linesOf(view.lines(), p).includes(`line 3 of ${p}`))), 60_000);
    await appendToEach('first marker');
    await waitUntil('the appended line of every pod', () => Promise.resolve(pods.every((p) => linesOf(view.lines(), p).includes(`first marker of ${p}`))), 60_000);
    for (const pod of pods) {
      assert.deepEqual(linesOf(view.lines(), pod), [`line 3 of ${pod}`, `first marker of ${pod}`], view.text());
    }
    assert.ok(
      view.lines().every((l) => /^\[web-[a-z0-9-]+\/web\] /.test(l)),
      `every line is one pod's whole line with its prefix:\n${view.text()}`,
    );
  });

  it('since 1h leaves out the lines older than an hour', async function () {
    this.timeout(120_000);
    const view = follow({ range: { kind: 'since', seconds: 3600 }, timestamps: true });
    await appendToEach('second marker');
    await waitUntil('the second marker of every pod', () => Promise.resolve(pods.every((p) => linesOf(view.lines(), p).some((l) => l.endsWith(`second marker of ${p}`)))), 60_000);
    for (const pod of pods) {
      const lines = linesOf(view.lines(), pod);
      assert.ok(
        lines.every((l) => /^\d{4}-\d\d-\d\dT[\d:.]+Z /.test(l)),
        `timestamps shown when asked for:\n${lines.join('\n')}`,
      );
      assert.deepEqual(
        lines.map((l) => l.replace(/^\S+ /, '')),
        [`line 2 of ${pod}`, `line 3 of ${pod}`, `first marker of ${pod}`, `second marker of ${pod}`],
      );
    }
  });

  it('marks a pod deleted mid-stream as ended, and its replacement joins the stream', async function () {
    this.timeout(180_000);
    const view = follow({ range: { kind: 'tail', lines: 1 }, timestamps: false });
    await waitUntil('every pod streaming', () => Promise.resolve(pods.every((p) => linesOf(view.lines(), p).length > 0)), 60_000);
    const victim = pods[0]!;
    await k.ok(['delete', 'pod', victim, '-n', ns, '--wait=false']);
    await waitUntil(`${victim} marked ended`, () => Promise.resolve(view.lines().includes(`— pod ${victim} ended —`)), 90_000);
    const replacement = await waitUntil(
      'the replacement pod to join',
      () => Promise.resolve(/— pod (web-[a-z0-9-]+) joined —/.exec(view.text())?.[1]),
      90_000,
    );
    assert.ok(!pods.includes(replacement), `${replacement} is a new pod`);
    await waitUntil(`a line from ${replacement}`, () => Promise.resolve(linesOf(view.lines(), replacement).length > 0), 90_000);
    await fs.appendFile(fileOf(pods[1]!), `${iso()} stdout F still here from ${pods[1]!}\n`);
    await waitUntil('the other pods still streaming', () => Promise.resolve(linesOf(view.lines(), pods[1]!).includes(`still here from ${pods[1]!}`)), 60_000);
    assert.ok(view.lines().indexOf(`— pod ${victim} ended —`) > view.lines().findIndex((l) => l.startsWith(`[${victim}/web] `)), view.text());
  });

  /** A client for the same API server as another user (or at another address), from a kubeconfig this test writes. */
  async function clientAs(user: object | 'admin', server?: string): Promise<ClusterClient> {
    const admin = await k.json<{ clusters: { name: string; cluster: { server: string } }[]; users: { user: object }[] }>(['config', 'view', '--raw', '--minify']);
    const cluster = admin.clusters[0]!;
    user = user === 'admin' ? admin.users[0]!.user : user;
    const file = path.join(tmp, `kubeconfig-${Math.random().toString(36).slice(2)}.json`);
    const config = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: cluster.name, cluster: { ...cluster.cluster, ...(server ? { server } : {}) } }],
      users: [{ name: 'restricted', user }],
      contexts: [{ name: 'restricted', context: { cluster: cluster.name, user: 'restricted', namespace: ns } }],
      'current-context': 'restricted',
    };
    await fs.writeFile(file, JSON.stringify(config), { mode: 0o600 });
    const m = explorerModelFor(file);
    models.push(m);
    return m.client('restricted');
  }

  it('says why logs cannot be read: no pods/log permission (RBAC), a pod not started yet, an unreachable API server', async function () {
    this.timeout(180_000);
    await k.apply([
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'no-logs', namespace: ns, labels: testLabel } },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'no-logs', namespace: ns, labels: testLabel },
        rules: [
          { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
          { apiGroups: ['apps'], resources: ['deployments', 'replicasets'], verbs: ['get', 'list', 'watch'] },
        ],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'no-logs', namespace: ns, labels: testLabel },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'no-logs' },
        subjects: [{ kind: 'ServiceAccount', name: 'no-logs', namespace: ns }],
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'unschedulable', namespace: ns, labels: testLabel },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'unschedulable' } },
          template: { metadata: { labels: { ...testLabel, app: 'unschedulable' } }, spec: { nodeSelector: { 'mlc.test/pool': 'none-such' }, containers: [{ name: 'app', image: 'registry.invalid/mlc/web:1' }] } },
        },
      },
    ]);
    const token = (await waitUntil('a token for the no-logs service account', async () => (await k.run(['create', 'token', 'no-logs', '-n', ns])).stdout.trim() || undefined, 60_000));
    const restricted = follow({ range: { kind: 'tail', lines: 1 }, timestamps: false }, { through: await clientAs({ token }) });
    await waitUntil('a forbidden line for every pod', () => Promise.resolve(pods.slice(1).every((p) => linesOf(restricted.lines(), p).some((l) => l.startsWith('not allowed to read logs: ')))), 60_000);
    assert.match(restricted.text(), /not allowed to read logs: .*forbidden.*system:serviceaccount:[^:]+:no-logs.*pods\/log/);

    const pending = follow({ range: { kind: 'tail', lines: 1 }, timestamps: false }, { name: 'unschedulable' });
    await waitUntil('the unscheduled pod waiting to start', () => Promise.resolve(/^\[unschedulable-[a-z0-9-]+\/app\] waiting to start \(pod Pending\)$/m.test(pending.lines().join('\n'))), 60_000);

    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const nowhere = follow({ range: { kind: 'tail', lines: 1 }, timestamps: false }, { through: await clientAs({ token }, `https://127.0.0.1:${closedPort}`) });
    await waitUntil('the unreachable API server said', () => Promise.resolve(/^Cannot reach the cluster: .*ECONNREFUSED.*; retrying in \d+ s$/m.test(nowhere.lines().join('\n'))), 60_000);
  });

  it('says when a stream\'s connection drops, reconnects, and resumes after the last line shown', async function () {
    this.timeout(180_000);
    const admin = await k.json<{ clusters: { cluster: { server: string } }[] }>(['config', 'view', '--minify']);
    const api = new URL(admin.clusters[0]!.cluster.server);
    // A loopback TCP relay in front of the API server: dropping its connections is a lost network.
    const sockets = new Set<net.Socket>();
    const relay = net.createServer((inbound) => {
      const upstream = net.connect(Number(api.port), api.hostname);
      for (const s of [inbound, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => (s === inbound ? upstream : inbound).destroy());
      }
      inbound.pipe(upstream).pipe(inbound);
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
    try {
      const live = pods.slice(1);
      const view = follow({ range: { kind: 'tail', lines: 1 }, timestamps: false }, { through: await clientAs('admin', `https://127.0.0.1:${(relay.address() as AddressInfo).port}`) });
      await waitUntil('every stream open (its last line shown)', () => Promise.resolve(live.every((p) => linesOf(view.lines(), p).length === 1)), 60_000);
      const tails = new Map(live.map((p) => [p, linesOf(view.lines(), p)]));
      for (const pod of live) {
        await fs.appendFile(fileOf(pod), `${iso()} stdout F before the drop of ${pod}\n`);
      }
      await waitUntil('the line before the drop', () => Promise.resolve(live.every((p) => linesOf(view.lines(), p).includes(`before the drop of ${p}`))), 60_000);
      for (const s of sockets) {
        s.destroy();
      }
      await waitUntil('the drop said for every stream', () => Promise.resolve(live.every((p) => linesOf(view.lines(), p).some((l) => /^connection lost \(.+\); reconnecting in \d+ s$/.test(l)))), 60_000);
      for (const pod of live) {
        await fs.appendFile(fileOf(pod), `${iso()} stdout F after the drop of ${pod}\n`);
      }
      await waitUntil('the line after the drop', () => Promise.resolve(live.every((p) => linesOf(view.lines(), p).includes(`after the drop of ${p}`))), 60_000);
      for (const pod of live) {
        const lines = linesOf(view.lines(), pod).filter((l) => !l.startsWith('connection lost'));
        assert.deepEqual(lines, [...tails.get(pod)!, `before the drop of ${pod}`, `after the drop of ${pod}`], view.text());
      }
    } finally {
      for (const s of sockets) {
        s.destroy();
      }
      await new Promise((r) => relay.close(r));
    }
  });

  it('merges a Job\'s pods, found through their owner reference', async function () {
    this.timeout(120_000);
    await k.apply([
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'train', namespace: ns, labels: testLabel },
        spec: {
          parallelism: 2,
          completions: 2,
          template: { metadata: { labels: testLabel }, spec: { restartPolicy: 'Never', nodeSelector: { 'mlc.test/pool': 'cpu' }, containers: [{ name: 'trainer', image: 'registry.invalid/mlc/trainer:1' }] } },
        },
      },
    ]);
    const jobPods = await waitUntil(
      '2 train pods',
      async () => {
        const list = (await client.listPods(ns, 'batch.kubernetes.io/job-name=train')).map(nameOf).sort();
        return list.length === 2 ? list : undefined;
      },
      90_000,
    );
    const view = follow({ range: { kind: 'tail', lines: 1 }, timestamps: false }, { kind: 'Job', name: 'train' });
    // These pods have no Logs object of their own: kwok serves its default log file for both.
    await waitUntil('a line from each Job pod', () => Promise.resolve(jobPods.every((p) => view.lines().some((l) => l.startsWith(`[${p}/trainer] `)))), 60_000);
    assert.ok(
      view.lines().filter((l) => l.startsWith('[')).every((l) => jobPods.some((p) => l.startsWith(`[${p}/trainer] `))),
      `only the Job's pods:\n${view.text()}`,
    );
  });
});
