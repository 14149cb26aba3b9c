import * as assert from 'node:assert/strict';
import { PagedInformer, type ListPage, type PagedSource } from '../../../src/infra/kubernetes/paged-informer';
import type { ListProgress } from '../../../src/infra/kubernetes/resource-watch';

interface Obj {
  metadata: { name: string; namespace?: string; resourceVersion?: string; managedFields?: unknown[] };
}

const obj = (name: string, resourceVersion = '1'): Obj => ({ metadata: { name, namespace: 'ml', resourceVersion } });

interface OpenWatch {
  resourceVersion: string;
  event(type: string, o: unknown): void;
  end(err: unknown): void;
  stopped: boolean;
}

/** A list/watch source the test drives: pages are answered from a script, watches are handed to the test. */
class FakeSource implements PagedSource<Obj> {
  lists: { limit: number; continueToken: string | undefined }[] = [];
  watches: OpenWatch[] = [];
  /** Answers to list calls, in order: a page, or an error to reject with. */
  answers: (ListPage<Obj> | Error)[] = [];
  /** A watch that fails as it opens (the API server refused it). */
  refuseNextWatch: Error | undefined;
  private waiting: (() => void)[] = [];

  list(limit: number, continueToken: string | undefined): Promise<ListPage<Obj>> {
    this.lists.push({ limit, continueToken });
    const a = this.answers.shift();
    if (!a) {
      return Promise.reject(new Error('no scripted answer'));
    }
    return a instanceof Error ? Promise.reject(a) : Promise.resolve(a);
  }

  watch(resourceVersion: string, onEvent: (type: string, o: Obj) => void, done: (err: unknown) => void): Promise<() => void> {
    const w: OpenWatch = { resourceVersion, event: (t, o) => onEvent(t, o as Obj), end: done, stopped: false };
    if (this.refuseNextWatch) {
      const err = this.refuseNextWatch;
      this.refuseNextWatch = undefined;
      done(err);
    } else {
      this.watches.push(w);
    }
    this.waiting.splice(0).forEach((r) => r());
    return Promise.resolve(() => (w.stopped = true));
  }

  /** Resolves once `n` watches have been opened. */
  async watchCount(n: number): Promise<OpenWatch> {
    while (this.watches.length < n) {
      await new Promise<void>((r) => this.waiting.push(r));
    }
    return this.watches[n - 1]!;
  }
}

const page = (names: string[], meta: ListPage<Obj>['metadata']): ListPage<Obj> => ({ items: names.map((n) => obj(n)), metadata: meta });
const names = (inf: PagedInformer<Obj>) => inf.list().map((o) => o.metadata.name).sort();

describe('infra/kubernetes/paged-informer', () => {
  it('lists page by page from one snapshot (later pages larger, up to a cap), reports each page but the last, then watches from the list\'s resourceVersion', async () => {
    const src = new FakeSource();
    src.answers = [
      page(['a', 'b'], { resourceVersion: '10', continue: 't1', remainingItemCount: 7 }),
      page(['c', 'd', 'e', 'f'], { resourceVersion: '10', continue: 't2', remainingItemCount: 3 }),
      page(['g', 'h', 'i'], { resourceVersion: '10' }),
    ];
    const inf = new PagedInformer(src, 2, 4);
    const progress: ListProgress[] = [];
    const seenAtProgress: string[][] = [];
    inf.onProgress((p) => {
      progress.push(p);
      seenAtProgress.push(names(inf));
    });
    let added = 0;
    inf.on('add', () => added++);
    await inf.start();
    assert.deepEqual(src.lists, [
      { limit: 2, continueToken: undefined },
      { limit: 4, continueToken: 't1' },
      { limit: 4, continueToken: 't2' },
    ]);
    assert.deepEqual(progress, [
      { listed: 2, estimate: 9 },
      { listed: 6, estimate: 9 },
    ]);
    assert.deepEqual(seenAtProgress, [['a', 'b'], ['a', 'b', 'c', 'd', 'e', 'f']]);
    assert.equal(added, 9);
    assert.deepEqual(names(inf), ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']);
    assert.equal(src.watches.length, 1);
    assert.equal(src.watches[0]!.resourceVersion, '10');
  });

  it('gives no estimate when the server does not count the rest (selectors), and none for a one-page list', async () => {
    const src = new FakeSource();
    src.answers = [page(['a'], { resourceVersion: '5', continue: 't1' }), page(['b'], { resourceVersion: '5' })];
    const inf = new PagedInformer(src, 1);
    const progress: ListProgress[] = [];
    inf.onProgress((p) => progress.push(p));
    await inf.start();
    assert.deepEqual(progress, [{ listed: 1 }]);

    const one = new FakeSource();
    one.answers = [page(['a'], { resourceVersion: '5' })];
    const inf2 = new PagedInformer(one, 10);
    const none: ListProgress[] = [];
    inf2.onProgress((p) => none.push(p));
    await inf2.start();
    assert.deepEqual(none, []);
  });

  it('follows watch events (added, modified, deleted) and resumes a cleanly ended watch from the last resourceVersion', async () => {
    const src = new FakeSource();
    src.answers = [page(['a'], { resourceVersion: '10' })];
    const inf = new PagedInformer(src);
    const events: string[] = [];
    inf.on('add', (o) => events.push(`add ${o.metadata.name}`));
    inf.on('update', (o) => events.push(`update ${o.metadata.name}`));
    inf.on('delete', (o) => events.push(`delete ${o.metadata.name}`));
    await inf.start();
    events.length = 0;
    const w = await src.watchCount(1);
    w.event('ADDED', { metadata: { ...obj('b', '11').metadata, managedFields: [{ manager: 'kubectl', operation: 'Apply' }] } });
    assert.equal(inf.list().find((o) => o.metadata.name === 'b')?.metadata.managedFields, undefined, 'managedFields are not kept');
    w.event('MODIFIED', obj('a', '12'));
    w.event('MODIFIED', obj('a', '12'));
    w.event('DELETED', obj('b', '13'));
    w.event('BOOKMARK', { metadata: { resourceVersion: '20' } });
    assert.deepEqual(events, ['add b', 'update a', 'delete b']);
    assert.deepEqual(names(inf), ['a']);
    w.end(null);
    const again = await src.watchCount(2);
    assert.equal(again.resourceVersion, '20');
    assert.equal(src.lists.length, 1, 'a clean end does not list again');
  });

  it('lists again after 410 Gone (an ERROR event, then the end), dropping what went away meanwhile', async () => {
    const src = new FakeSource();
    src.answers = [page(['a', 'b'], { resourceVersion: '10' }), page(['b', 'c'], { resourceVersion: '30' })];
    const inf = new PagedInformer(src);
    const deleted: string[] = [];
    inf.on('delete', (o) => deleted.push(o.metadata.name));
    const progress: ListProgress[] = [];
    inf.onProgress((p) => progress.push(p));
    await inf.start();
    const w = await src.watchCount(1);
    w.event('ERROR', { kind: 'Status', code: 410, reason: 'Expired' });
    w.end(null);
    const after = await src.watchCount(2);
    assert.equal(after.resourceVersion, '30');
    assert.deepEqual(names(inf), ['b', 'c']);
    assert.deepEqual(deleted, ['a']);
    assert.deepEqual(progress, [], 'a relist keeps what is shown instead of reporting progress');
  });

  it('rejects start() when a page fails, and the next start() lists from the first page again', async () => {
    const src = new FakeSource();
    src.answers = [page(['a'], { resourceVersion: '10', continue: 't1', remainingItemCount: 1 }), Object.assign(new Error('Gone: continue token expired'), { statusCode: 410 })];
    const inf = new PagedInformer(src, 1);
    await assert.rejects(inf.start(), /continue token expired/);
    assert.equal(src.watches.length, 0);
    src.answers = [page(['a'], { resourceVersion: '40', continue: 'u1', remainingItemCount: 1 }), page(['b'], { resourceVersion: '40' })];
    await inf.start();
    assert.deepEqual(src.lists.map((l) => l.continueToken), [undefined, 't1', undefined, 'u1']);
    assert.deepEqual(names(inf), ['a', 'b']);
    assert.equal((await src.watchCount(1)).resourceVersion, '40');
  });

  it('reports a failed watch as an error, and start() then resumes the watch without listing again', async () => {
    const src = new FakeSource();
    src.answers = [page(['a'], { resourceVersion: '10' })];
    const inf = new PagedInformer(src);
    const errors: unknown[] = [];
    inf.on('error', (e) => errors.push(e));
    await inf.start();
    const w = await src.watchCount(1);
    w.event('MODIFIED', obj('a', '15'));
    w.end(new Error('socket hang up'));
    assert.deepEqual(errors.map((e) => (e as Error).message), ['socket hang up']);
    await inf.start();
    assert.equal((await src.watchCount(2)).resourceVersion, '15');
    assert.equal(src.lists.length, 1);
  });

  it('rejects start() when the watch is refused as it opens (not a silent success)', async () => {
    const src = new FakeSource();
    src.answers = [page(['a'], { resourceVersion: '10' })];
    src.refuseNextWatch = Object.assign(new Error('Forbidden'), { statusCode: 403 });
    const inf = new PagedInformer(src);
    await assert.rejects(inf.start(), /Forbidden/);
  });

  it('stop() closes the watch and ignores pages that arrive afterwards', async () => {
    const src = new FakeSource();
    let answer: (p: ListPage<Obj>) => void = () => undefined;
    src.list = (limit, continueToken) => {
      src.lists.push({ limit, continueToken });
      return new Promise((r) => (answer = r));
    };
    const inf = new PagedInformer(src);
    const started = inf.start();
    await inf.stop();
    answer(page(['late'], { resourceVersion: '1' }));
    await started;
    assert.deepEqual(inf.list(), []);
    assert.equal(src.watches.length, 0);
  });
});
