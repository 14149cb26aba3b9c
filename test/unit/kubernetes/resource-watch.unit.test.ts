import * as assert from 'node:assert/strict';
import { ResourceWatch, type InformerLike, type ListProgress, type Timers } from '../../../src/infra/kubernetes/resource-watch';

/** An informer whose start() outcome and events the test controls. */
class FakeInformer implements InformerLike<string> {
  items: string[] = [];
  progress: ((p: ListProgress) => void)[] = [];
  started: () => void = () => undefined;
  holdStart = false;
  starts = 0;
  stopped = false;
  failNext: Error[] = [];
  private cbs: Record<string, ((x: never) => void)[]> = {};
  on(verb: string, cb: (x: never) => void): void {
    (this.cbs[verb] ??= []).push(cb);
  }
  emit(verb: string, x?: unknown): void {
    for (const cb of this.cbs[verb] ?? []) {
      (cb as (v: unknown) => void)(x);
    }
  }
  onProgress(cb: (p: ListProgress) => void): void {
    this.progress.push(cb);
  }
  listed: (() => void)[] = [];
  onListed(cb: () => void): void {
    this.listed.push(cb);
  }
  start(): Promise<void> {
    this.starts++;
    if (this.holdStart) {
      return new Promise((r) => (this.started = r));
    }
    const err = this.failNext.shift();
    return err ? Promise.reject(err) : Promise.resolve();
  }
  stop(): Promise<void> {
    this.stopped = true;
    return Promise.resolve();
  }
  list(): string[] {
    return this.items;
  }
}

/** Timers run by hand: no waiting in unit tests. */
class ManualTimers implements Timers {
  queue: { cb: () => void; ms: number; id: number }[] = [];
  private next = 1;
  setTimeout(cb: () => void, ms: number): unknown {
    const id = this.next++;
    this.queue.push({ cb, ms, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.queue = this.queue.filter((t) => t.id !== handle);
  }
  runAll(): number[] {
    const due = this.queue.splice(0);
    due.forEach((t) => t.cb());
    return due.map((t) => t.ms);
  }
}

const flush = () => new Promise((r) => setImmediate(r));

/** A watch over a fake informer with manual timers (100 ms coalescing), counting its change notifications. */
function watchOverFake(options: { holdStart?: boolean } = {}) {
  const inf = new FakeInformer();
  inf.holdStart = options.holdStart ?? false;
  const timers = new ManualTimers();
  const w = new ResourceWatch(inf, undefined, timers, 100);
  const changes = { fired: 0 };
  w.onChange(() => changes.fired++);
  return { inf, timers, w, changes };
}

describe('infra/kubernetes/resource-watch', () => {
  it('is synced once the informer started, and coalesces bursts of changes into one notification', async () => {
    const { inf, timers, w, changes } = watchOverFake();
    await w.start();
    await w.ready();
    assert.equal(w.state.kind, 'synced');
    changes.fired = 0;
    inf.items = ['a', 'b'];
    inf.emit('add', 'a');
    inf.emit('add', 'b');
    inf.emit('update', 'a');
    assert.equal(changes.fired, 0);
    assert.deepEqual(timers.runAll(), [100]);
    assert.equal(changes.fired, 1);
    assert.deepEqual(w.items(), ['a', 'b']);
  });

  it('on errors reports them with the retry delay, backs off exponentially, and resumes', async () => {
    const inf = new FakeInformer();
    inf.failNext = [new Error('connect ECONNREFUSED 127.0.0.1:6443'), new Error('still down')];
    const timers = new ManualTimers();
    const w = new ResourceWatch(inf, (e) => `cannot reach: ${(e as Error).message}`, timers);
    await w.start();
    assert.deepEqual(w.state, { kind: 'error', message: 'cannot reach: connect ECONNREFUSED 127.0.0.1:6443', retryInMs: 500 });
    assert.deepEqual(timers.runAll(), [500]);
    await flush();
    assert.deepEqual(w.state, { kind: 'error', message: 'cannot reach: still down', retryInMs: 1000 });
    timers.runAll();
    await flush();
    assert.equal(w.state.kind, 'synced');
    assert.equal(inf.starts, 3);
    // A watch that drops later (the informer's error event) restarts from the shortest delay.
    inf.emit('error', new Error('watch closed'));
    assert.deepEqual(w.state, { kind: 'error', message: 'cannot reach: watch closed', retryInMs: 500 });
    w.dispose();
    assert.equal(timers.queue.length, 0);
    assert.equal(inf.stopped, true);
  });

  it('is partial from the first page on (ready, with listed and estimate), refreshes per later page coalesced, synced at the end', async () => {
    const { inf, timers, w, changes } = watchOverFake({ holdStart: true });
    const started = w.start();
    let ready = false;
    void w.ready().then(() => (ready = true));
    await flush();
    assert.equal(ready, false);
    inf.items = ['a'];
    inf.progress.forEach((cb) => cb({ listed: 1, estimate: 3 }));
    await flush();
    assert.equal(ready, true);
    assert.deepEqual(w.state, { kind: 'partial', listed: 1, estimate: 3 });
    assert.equal(changes.fired, 1, 'the first page shows at once');
    inf.progress.forEach((cb) => cb({ listed: 2, estimate: 3 }));
    assert.equal(changes.fired, 1);
    assert.deepEqual(w.state, { kind: 'partial', listed: 2, estimate: 3 });
    assert.deepEqual(timers.runAll(), [100]);
    assert.equal(changes.fired, 2);
    inf.started();
    await started;
    assert.equal(w.state.kind, 'synced');
    // Progress of a later relist (after an error, say) does not turn a synced list partial again.
    inf.progress.forEach((cb) => cb({ listed: 1 }));
    assert.equal(w.state.kind, 'synced');
    w.dispose();
  });

  it('is synced once the whole list arrived, without waiting for the watch to connect; a refused watch then shows as an error', async () => {
    const { inf, w, changes } = watchOverFake({ holdStart: true });
    const kind = (): string => w.state.kind;
    const started = w.start();
    await flush();
    assert.equal(kind(), 'syncing');
    inf.items = ['a', 'b'];
    inf.listed.forEach((cb) => cb());
    assert.equal(kind(), 'synced');
    assert.equal(changes.fired, 1);
    await w.ready();
    inf.started();
    await started;
    assert.equal(changes.fired, 1, 'start() resolving after the list does not refresh again');
    inf.emit('error', new Error('watch refused'));
    assert.equal(kind(), 'error');
    w.dispose();
  });
});
