import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { diffDocuments, summarize } from '../../../src/core/kubernetes/apply-plan';
import { parseManifests, type ManifestObject } from '../../../src/core/kubernetes/manifests';
import { applyPlanned, planApply } from '../../../src/infra/kubernetes/apply-manifests';
import type { ClusterClient } from '../../../src/infra/kubernetes/cluster-client';
import { describeObject } from '../../../src/infra/kubernetes/describe-object';
import { openClusterClient } from '../../../src/infra/kubernetes/open-client';
import { loadKubeconfigs } from '../../../src/infra/kubernetes/read-kubeconfigs';
import { restartRollout, waitForRollout } from '../../../src/infra/kubernetes/rollout-status';
import { Kubectl, releaseCluster, repoRoot, upCluster, waitUntil, type ClusterUp } from '../cluster/cluster';

function collect(): { out: Writable; text: () => string } {
  let text = '';
  const out = new Writable({
    write(chunk: Buffer, _e, cb) {
      text += chunk.toString();
      cb();
    },
  });
  return { out, text: () => text };
}

// Apply (server-side, dry-run first, per-object results), rollout status/restart, describe and exec
// against the real test cluster (kube-apiserver 1.34 + kwok), all through our client, never kubectl.
describe('Kubernetes: apply, rollout, describe and exec on the real test cluster', function () {
  const runId = `${Date.now().toString(36)}-${process.pid}`;
  const lease = `e2e-k8s-apply-${runId}`;
  const ns = `mlc-e2e-apply-${runId}`;
  let up: ClusterUp;
  let k: Kubectl;
  let client: ClusterClient;

  before(async function () {
    const buildMs = Number(process.env.MLC_CLUSTER_BUILD_TIMEOUT_MS ?? 90 * 60_000);
    this.timeout(buildMs + 60_000);
    up = await upCluster(lease, buildMs);
    k = new Kubectl(up.info);
    await k.namespace(ns, { 'mlc.test': runId });
    const env = { ...process.env, KUBECONFIG: up.info.kubeconfig };
    client = await openClusterClient(await loadKubeconfigs(env, process.platform), up.info.context, env, process.platform);
  });

  after(async function () {
    this.timeout(120_000);
    client?.dispose();
    if (k) {
      const r = await k.run(['delete', 'namespace', ns, '--ignore-not-found', '--wait=false']);
      assert.equal(r.code, 0, r.stderr);
    }
    const r = await releaseCluster(lease);
    assert.equal(r.code, 0, r.stderr);
  });

  async function exampleManifests(): Promise<ManifestObject[]> {
    const dir = path.join(repoRoot, 'examples', 'sentiment-api', 'k8s');
    const objects: ManifestObject[] = [];
    for (const f of (await fs.readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort()) {
      const parsed = parseManifests(await fs.readFile(path.join(dir, f), 'utf8'), f);
      assert.deepEqual(parsed.problems, []);
      objects.push(...parsed.objects);
    }
    assert.ok(objects.length >= 2, 'the example has a Deployment and a Service');
    return objects;
  }

  it('applies examples/sentiment-api/k8s: dry-run says created, the objects exist afterwards, a second apply is unchanged, an edit is configured with a diff', async function () {
    this.timeout(120_000);
    const objects = await exampleManifests();
    const plan = await planApply(client, objects, ns);
    assert.deepEqual(plan.map((p) => [p.ref, p.ok && p.outcome]), objects.map((o) => [`${o.object.kind} ${ns}/${o.object.metadata.name}`, 'created']));
    assert.equal(diffDocuments(plan), undefined, 'nothing live yet: no diff to show');
    const results = await applyPlanned(client, plan);
    assert.deepEqual(results.map((r) => r.outcome), objects.map(() => 'created'));
    const live = JSON.parse(await k.ok(['get', 'deployment,service', '-n', ns, '--show-managed-fields', '-o', 'json'])) as { items: { kind: string; metadata: { name: string; managedFields: { manager: string; operation: string }[] } }[] };
    assert.deepEqual(live.items.map((i) => `${i.kind}/${i.metadata.name}`).sort(), ['Deployment/sentiment-api', 'Service/sentiment-api']);
    for (const i of live.items) {
      assert.ok(i.metadata.managedFields.some((m) => m.manager === 'ml-containers' && m.operation === 'Apply'), `${i.kind} applied server-side by ml-containers`);
    }

    const again = await planApply(client, objects, ns);
    assert.deepEqual(again.map((p) => p.ok && p.outcome), objects.map(() => 'unchanged'));
    assert.equal(summarize(await applyPlanned(client, again)), `${objects.length} unchanged`);

    const edited = objects.map((o) => (o.object.kind === 'Deployment' ? { ...o, object: { ...o.object, spec: { ...(o.object.spec as object), replicas: 3 } } } : o));
    const changed = await planApply(client, edited, ns);
    assert.deepEqual(changed.map((p) => p.ok && p.outcome), edited.map((o) => (o.object.kind === 'Deployment' ? 'configured' : 'unchanged')));
    const diff = diffDocuments(changed);
    assert.ok(diff);
    assert.match(diff.live, /replicas: 2/);
    assert.match(diff.applied, /replicas: 3/);
    assert.equal(summarize(await applyPlanned(client, changed)), `1 configured, ${objects.length - 1} unchanged`);
    assert.equal((await client.readWorkload('Deployment', ns, 'sentiment-api'))?.spec?.replicas, 3);
  });

  it('reports one invalid object\'s dry-run failure with the server\'s message while the others, a CRD object included, dry-run and apply fine', async function () {
    this.timeout(60_000);
    const text = [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {mode: fast}',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: broken}\nspec:\n  replicas: -4\n  selector: {matchLabels: {app: broken}}\n  template:\n    metadata: {labels: {app: broken}}\n    spec: {containers: [{name: c, image: registry.invalid/x:1}]}',
      `apiVersion: kwok.x-k8s.io/v1alpha1\nkind: Logs\nmetadata: {name: crd-object}\nspec: {logs: [{containers: [c], logsFile: /dev/null}]}`,
      'apiVersion: v1\nkind: Service\nmetadata: {name: svc}\nspec: {ports: [{port: 80}]}',
      'kind: ConfigMap\nmetadata: {name: no-api-version}',
    ].join('\n---\n');
    const parsed = parseManifests(text, 'mixed.yaml');
    assert.deepEqual(parsed.problems, [{ source: 'mixed.yaml', document: 5, message: 'apiVersion is missing' }]);
    const plan = await planApply(client, parsed.objects, ns);
    const byName = new Map(plan.map((p) => [p.object.metadata.name, p]));
    const broken = byName.get('broken')!;
    assert.equal(broken.ok, false);
    assert.match(broken.ok ? '' : broken.message, /spec\.replicas.*must be greater than or equal to 0/);
    assert.equal(broken.document, 2);
    for (const name of ['settings', 'crd-object', 'svc']) {
      const p = byName.get(name)!;
      assert.equal(p.ok && p.outcome, 'created', `${name}: ${p.ok ? '' : p.message}`);
    }
    const results = await applyPlanned(client, plan);
    assert.equal(summarize(results), '3 created, 1 failed');
    assert.equal((await k.run(['get', 'logs.kwok.x-k8s.io', 'crd-object', '-n', ns])).code, 0, 'the CRD object exists');
    assert.notEqual((await k.run(['get', 'deployment', 'broken', '-n', ns])).code, 0, 'the invalid object was not created');
  });

  it('rejects an unknown field with strict validation, naming the field', async function () {
    const parsed = parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: typo}\ndatta: {a: b}', 'typo.yaml');
    const [p] = await planApply(client, parsed.objects, ns);
    assert.equal(p?.ok, false);
    assert.match(p && !p.ok ? p.message : '', /datta/);
  });

  it('observes rollout status converge after a scale, and after a rollout restart (template annotation)', async function () {
    this.timeout(180_000);
    const progress: string[] = [];
    await client.scale('Deployment', ns, 'sentiment-api', 4);
    const scaled = await waitForRollout(client, 'Deployment', ns, 'sentiment-api', { timeoutMs: 120_000, onProgress: (s) => progress.push(s.message) });
    assert.equal(scaled.state, 'done', scaled.message);
    assert.match(scaled.message, /successfully rolled out \(4\/4 available\)/);
    assert.equal((await client.readWorkload('Deployment', ns, 'sentiment-api'))?.status?.availableReplicas, 4);

    const before = new Set((await client.listPods(ns, 'app=sentiment-api')).map((p) => p.metadata?.name));
    await restartRollout(client, 'Deployment', ns, 'sentiment-api');
    const d = (await client.readObject({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'sentiment-api' })) as { spec?: { template?: { metadata?: { annotations?: Record<string, string> } } } } | undefined;
    assert.match(d?.spec?.template?.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'] ?? '', /^\d{4}-\d\d-\d\dT/);
    const restarted = await waitForRollout(client, 'Deployment', ns, 'sentiment-api', { timeoutMs: 120_000, onProgress: (s) => progress.push(s.message) });
    assert.equal(restarted.state, 'done', restarted.message);
    const pods = await waitUntil('only new pods left', async () => {
      const now = (await client.listPods(ns, 'app=sentiment-api')).filter((p) => !p.metadata?.deletionTimestamp);
      return now.length === 4 && now.every((p) => !before.has(p.metadata?.name)) ? now : undefined;
    }, 60_000);
    assert.equal(pods.length, 4);
    assert.ok(progress.length > 0);
  });

  it('rollout status on a missing deployment says so; a cancel stops waiting with a clear message', async function () {
    const gone = await waitForRollout(client, 'Deployment', ns, 'no-such-deployment', { timeoutMs: 30_000 });
    assert.equal(gone.state, 'gone');
    const abort = new AbortController();
    abort.abort();
    const cancelled = await waitForRollout(client, 'Deployment', ns, 'sentiment-api', { timeoutMs: 30_000, signal: abort.signal });
    assert.equal(cancelled.state, 'cancelled');
    assert.match(cancelled.message, /goes on in the cluster/);
  });

  it('describes the deployment with its events in time order', async function () {
    const text = await describeObject(client, { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'sentiment-api' });
    assert.match(text, /^Name: +sentiment-api\nNamespace: +mlc-e2e-apply-/);
    assert.match(text, /\nstatus:\n/);
    const events = text.slice(text.indexOf('Events:'));
    const scaling = events.split('\n').filter((l) => l.includes('ScalingReplicaSet'));
    assert.ok(scaling.length >= 2, events);
    assert.match(events.split('\n')[1] ?? '', /^ {2}Type +Reason +Age +From +Message$/);
    const missing = await describeObject(client, { apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'nope' });
    assert.match(missing, /does not exist/);
  });

  it('execs into a pod\'s container: echo round-trip and an exit code', async function () {
    this.timeout(60_000);
    const pod = await waitUntil('a running sentiment-api pod', async () => (await client.listPods(ns, 'app=sentiment-api')).find((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp));
    const name = pod.metadata!.name!;
    const stdout = collect();
    const session = await client.exec(ns, name, 'api', ['echo', `hello ${runId}`], { stdout: stdout.out, stderr: null, stdin: null, tty: false });
    const done = await session.exited;
    assert.equal(done.code, 0, done.message);
    await waitUntil('the echoed text', () => Promise.resolve(stdout.text().includes(`hello ${runId}`)), 10_000);
    const failing = await client.exec(ns, name, 'api', ['sh', '-c', 'exit 3'], { stdout: collect().out, stderr: null, stdin: null, tty: false });
    assert.equal((await failing.exited).code, 3);
  });
});
