import * as assert from 'node:assert/strict';
import type { Writable } from 'node:stream';
import type { Pod, Workload } from '../../../src/core/kubernetes/objects';
import type { ClusterClient, LogOptions } from '../../../src/infra/kubernetes/cluster-client';
import { MergedLogs, type LogTarget } from '../../../src/infra/kubernetes/merged-logs';
import { ApiError } from '../../../src/infra/kubernetes/raw-api';
import type { WatchState } from '../../../src/infra/kubernetes/resource-watch';
import { defaultLogPreferences, type LogPreferences } from '../../../src/core/kubernetes/log-options';

class FakeWatch<T> {
  state: WatchState = { kind: 'synced' };
  objects: T[] = [];
  private readonly listeners = new Set<() => void>();
  items(): T[] {
    return this.objects;
  }
  onChange(cb: () => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }
  set(objects: T[], state: WatchState = { kind: 'synced' }): void {
    this.objects = objects;
    this.state = state;
    for (const l of [...this.listeners]) {
      l();
    }
  }
  listening(): number {
    return this.listeners.size;
  }
}

interface LogCall {
  pod: string;
  container: string;
  options: LogOptions;
  out: Writable;
  aborted: boolean;
  end(): void;
  fail(err: unknown): void;
}

class FakeClient {
  readonly context = 'test';
  readonly defaultNamespace = 'ml';
  readonly watches = new Map<string, FakeWatch<unknown>>();
  readonly calls: LogCall[] = [];
  watch(kind: string): FakeWatch<unknown> {
    let w = this.watches.get(kind);
    if (!w) {
      w = new FakeWatch();
      this.watches.set(kind, w);
    }
    return w;
  }
  logs(_ns: string, pod: string, container: string, out: Writable, options: LogOptions, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const call: LogCall = { pod, container, options, out, aborted: false, end: resolve, fail: reject };
      signal.addEventListener('abort', () => {
        call.aborted = true;
        resolve();
      });
      this.calls.push(call);
    });
  }
  pods(): FakeWatch<Pod> {
    return this.watch('Pod') as FakeWatch<Pod>;
  }
  live(pod: string, container = 'app'): LogCall[] {
    return this.calls.filter((c) => c.pod === pod && c.container === container && !c.aborted);
  }
}

const pod = (name: string, owner: string, opts: { containers?: string[]; phase?: string; waiting?: string; uid?: string } = {}): Pod => {
  const containers = opts.containers ?? ['app'];
  return {
    metadata: { name, uid: opts.uid ?? `uid-${name}`, ownerReferences: [{ kind: 'ReplicaSet', name: owner, uid: `uid-${owner}` }] },
    spec: { containers: containers.map((c) => ({ name: c })) },
    status: {
      phase: opts.phase ?? 'Running',
      containerStatuses: containers.map((c) => ({ name: c, ready: true, restartCount: 0, state: opts.waiting ? { waiting: { reason: opts.waiting } } : { running: {} } })),
    },
  };
};
const deployment: Workload = { metadata: { name: 'web', uid: 'uid-web' } };
const replicaSet: Workload = { metadata: { name: 'web-rs', uid: 'uid-web-rs', ownerReferences: [{ kind: 'Deployment', name: 'web', uid: 'uid-web' }] } };

// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

async function until(what: string, cond: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!cond()) {
    if (Date.now() > deadline) {
      throw new Error(`never happened: ${what}`);
    }
    await new Promise((r) => setTimeout(r, 2));
  }
}

function setup(target: Partial<LogTarget> = {}, prefs: LogPreferences = defaultLogPreferences, maxStreams = 20) {
  const client = new FakeClient();
  client.watch('Deployment').set([deployment]);
  client.watch('ReplicaSet').set([replicaSet]);
  let text = '';
  const logs = new MergedLogs(client as unknown as ClusterClient, { namespace: 'ml', kind: 'Deployment', name: 'web', ...target }, prefs, (t) => (text += t), { maxStreams, backoffBaseMs: 1, backoffCapMs: 5 });
  return { client, logs, text: () => plain(text), lines: () => plain(text).split('\r\n').filter(Boolean) };
}

describe('Kubernetes merged workload logs (fake cluster client)', () => {
  it('follows every pod of a Deployment with the chosen range, prefixing each whole line', async () => {
    const { client, logs, lines } = setup();
    client.pods().set([pod('web-a', 'web-rs'), pod('web-b', 'web-rs'), pod('other', 'other-rs')]);
    logs.start();
    assert.deepEqual(client.calls.map((c) => c.pod), ['web-a', 'web-b']);
    assert.deepEqual(client.calls[0]!.options, { tailLines: 500, timestamps: true, follow: true });
    client.calls[0]!.out.write('2026-11-28T10:00:00.1Z hello from ');
    client.calls[1]!.out.write('2026-11-28T10:00:00.2Z b line\n');
    client.calls[0]!.out.write('a\n');
    await until('two lines', () => lines().length === 2);
    assert.deepEqual(lines(), ['[web-b/app] b line', '[web-a/app] hello from a']);
    logs.dispose();
    assert.ok(client.calls.every((c) => c.aborted), 'dispose aborts every stream');
    assert.equal(client.pods().listening(), 0);
  });

  it('marks a deleted pod ended, and a new pod joins', () => {
    const { client, logs, lines } = setup({}, { range: { kind: 'since', seconds: 300 }, timestamps: true });
    client.pods().set([pod('web-a', 'web-rs'), pod('web-b', 'web-rs')]);
    logs.start();
    const b = client.calls[1]!;
    b.out.write('2026-11-28T10:00:00.1Z last words\n');
    client.pods().set([pod('web-a', 'web-rs'), pod('web-c', 'web-rs')]);
    assert.ok(b.aborted);
    assert.deepEqual(lines(), ['[web-b/app] 2026-11-28T10:00:00.1Z last words', '— pod web-b ended —', '— pod web-c joined —']);
    assert.deepEqual(client.live('web-c')[0]?.options, { sinceSeconds: 300, timestamps: true, follow: true });
    // A StatefulSet-style replacement: same name, new uid. It starts afresh with the chosen range.
    client.calls[0]!.out.write('2026-11-28T10:00:00.2Z first a\n');
    client.pods().set([pod('web-a', 'web-rs', { uid: 'second-a' }), pod('web-c', 'web-rs')]);
    assert.deepEqual(lines().slice(3), ['[web-a/app] 2026-11-28T10:00:00.2Z first a', '— pod web-a ended —', '— pod web-a joined —']);
    assert.deepEqual(client.live('web-a').map((c) => c.options), [{ sinceSeconds: 300, timestamps: true, follow: true }]);
    client.live('web-a')[0]!.out.write('2026-11-28T10:00:00.2Z first a\n');
    assert.equal(lines().at(-1), '[web-a/app] 2026-11-28T10:00:00.2Z first a', 'the new pod\'s lines are not taken for repeats');
    logs.dispose();
  });

  it('follows all containers of one pod, or one container without a prefix', () => {
    const all = setup({ kind: 'Pod', name: 'multi' });
    all.client.pods().set([pod('multi', 'x', { containers: ['app', 'sidecar'] }), pod('web-a', 'web-rs')]);
    all.logs.start();
    assert.deepEqual(all.client.calls.map((c) => `${c.pod}/${c.container}`), ['multi/app', 'multi/sidecar']);
    all.client.calls[1]!.out.write('side\n');
    assert.deepEqual(all.lines(), ['[multi/sidecar] side']);
    all.logs.dispose();
    const one = setup({ kind: 'Pod', name: 'multi', container: 'sidecar' });
    one.client.pods().set([pod('multi', 'x', { containers: ['app', 'sidecar'] })]);
    one.logs.start();
    assert.deepEqual(one.client.calls.map((c) => c.container), ['sidecar']);
    one.client.calls[0]!.out.write('just the line\n');
    assert.deepEqual(one.lines(), ['just the line']);
    one.logs.dispose();
  });

  it('caps concurrent streams, says so, and starts waiting containers as others end', async () => {
    const { client, logs, lines } = setup({}, defaultLogPreferences, 2);
    client.pods().set(['p1', 'p2', 'p3', 'p4'].map((n) => pod(n, 'web-rs')));
    logs.start();
    assert.deepEqual(client.calls.map((c) => c.pod), ['p1', 'p2']);
    assert.deepEqual(lines(), ['At most 2 log streams at once: 2 more containers wait for a free slot.']);
    client.pods().set([pod('p1', 'web-rs', { phase: 'Succeeded' }), pod('p2', 'web-rs'), pod('p3', 'web-rs'), pod('p4', 'web-rs')]);
    client.calls[0]!.end();
    await until('p3 to start', () => client.live('p3').length === 1);
    assert.equal(client.live('p4').length, 0);
    assert.equal(logs.openStreams(), 2);
    assert.ok(lines().includes('— pod p1 ended (Succeeded) —'), lines().join('\n'));
    logs.dispose();
  });

  it('waits for a container that has not started, then follows it', () => {
    const { client, logs, lines } = setup();
    client.pods().set([pod('web-a', 'web-rs', { phase: 'Pending', waiting: 'ContainerCreating' })]);
    logs.start();
    assert.equal(client.calls.length, 0);
    client.pods().set([pod('web-a', 'web-rs', { phase: 'Pending', waiting: 'ContainerCreating' })]);
    assert.deepEqual(lines(), ['[web-a/app] waiting to start (ContainerCreating)'], 'said once');
    client.pods().set([pod('web-a', 'web-rs')]);
    assert.equal(client.live('web-a').length, 1);
    logs.dispose();
  });

  it('reconnects after a dropped connection from the last line shown, without repeating it', async () => {
    const { client, logs, lines } = setup();
    client.pods().set([pod('web-a', 'web-rs')]);
    logs.start();
    const first = client.calls[0]!;
    first.out.write('2026-11-28T10:00:00.5Z before the drop\n');
    first.fail(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    await until('a second request', () => client.calls.length === 2);
    assert.deepEqual(client.calls[1]!.options, { follow: true, timestamps: true, sinceTime: '2026-11-28T10:00:00.5Z' });
    client.calls[1]!.out.write('2026-11-28T10:00:00.5Z before the drop\n2026-11-28T10:00:01Z after it\n');
    assert.deepEqual(lines(), ['[web-a/app] before the drop', '[web-a/app] connection lost (read ECONNRESET); reconnecting in 1 s', '[web-a/app] after it']);
    logs.dispose();
  });

  it('says why logs cannot be read: forbidden stops, no logs yet retries', async () => {
    const { client, logs, lines } = setup();
    client.pods().set([pod('web-a', 'web-rs'), pod('web-b', 'web-rs')]);
    logs.start();
    client.calls[0]!.fail(new ApiError(403, 'pods "web-a" is forbidden: User "dev" cannot get resource "pods/log"', 'Forbidden'));
    client.calls[1]!.fail(new ApiError(400, 'container "app" in pod "web-b" is waiting to start: ContainerCreating'));
    await until('web-b retried', () => client.live('web-b').length === 1);
    assert.equal(client.calls.filter((c) => c.pod === 'web-a').length, 1, 'a forbidden request is not retried');
    assert.deepEqual(lines(), [
      '[web-a/app] not allowed to read logs: pods "web-a" is forbidden: User "dev" cannot get resource "pods/log"',
      '[web-b/app] no logs yet: container "app" in pod "web-b" is waiting to start: ContainerCreating',
    ]);
    logs.dispose();
  });

  it('reports an unreachable cluster and a missing workload as lines, and recovers', () => {
    const { client, logs, lines } = setup();
    client.pods().set([], { kind: 'error', message: 'connect ECONNREFUSED 127.0.0.1:6443', retryInMs: 2000 });
    logs.start();
    assert.deepEqual(lines(), ['Cannot reach the cluster: connect ECONNREFUSED 127.0.0.1:6443; retrying in 2 s']);
    client.watch('Deployment').set([]);
    client.pods().set([pod('web-a', 'web-rs')]);
    assert.deepEqual(lines().slice(1), ['Connected to the cluster again.', 'Deployment ml/web does not exist; waiting for it to appear.']);
    client.watch('Deployment').set([deployment]);
    assert.equal(client.live('web-a').length, 1);
    client.watch('Deployment').set([]);
    assert.equal(client.live('web-a').length, 0, 'a deleted workload\'s streams end with it');
    assert.deepEqual(lines().slice(3), ['— pod web-a joined —', '— pod web-a ended —', 'Deployment ml/web does not exist; waiting for it to appear.']);
    logs.dispose();
  });

  it('waits for a pod that does not exist yet, and for a workload without pods', () => {
    const one = setup({ kind: 'Pod', name: 'later' });
    one.logs.start();
    assert.deepEqual(one.lines(), ['Pod ml/later does not exist; waiting for it to appear.']);
    one.client.pods().set([pod('later', 'x')]);
    assert.equal(one.client.live('later').length, 1);
    one.logs.dispose();
    const none = setup();
    none.logs.start();
    assert.deepEqual(none.lines(), ['No pods yet; waiting for them.']);
    none.client.pods().set([pod('web-a', 'web-rs')]);
    assert.deepEqual(none.lines(), ['No pods yet; waiting for them.', '— pod web-a joined —']);
    none.logs.dispose();
  });

  it('finds a CronJob\'s pods through its Jobs', () => {
    const client = new FakeClient();
    client.watch('CronJob').set([{ metadata: { name: 'nightly', uid: 'uid-cj' } }]);
    client.watch('Job').set([{ metadata: { name: 'nightly-1', uid: 'uid-job-1', ownerReferences: [{ kind: 'CronJob', name: 'nightly', uid: 'uid-cj' }] } }]);
    const jobPod: Pod = { ...pod('nightly-1-x', 'ignored', { phase: 'Succeeded' }), metadata: { name: 'nightly-1-x', uid: 'u1', ownerReferences: [{ kind: 'Job', name: 'nightly-1', uid: 'uid-job-1' }] } };
    client.pods().set([jobPod, pod('web-a', 'web-rs')]);
    const logs = new MergedLogs(client as unknown as ClusterClient, { namespace: 'ml', kind: 'CronJob', name: 'nightly' }, defaultLogPreferences, () => undefined);
    logs.start();
    assert.deepEqual(client.calls.map((c) => c.pod), ['nightly-1-x']);
    logs.dispose();
  });
});
