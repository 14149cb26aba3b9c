import * as assert from 'node:assert/strict';
import { backoffDelay, EventLineParser, KeyedDebouncer, viewsAffectedBy, type Timers } from '../../../src/core/docker/events';

/** A manual clock: timers fire only when the test advances time. */
class FakeTimers implements Timers {
  time = 0;
  private queue: { at: number; cb: () => void; id: number }[] = [];
  private nextId = 1;
  set(cb: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.queue.push({ at: this.time + ms, cb, id });
    return id;
  }
  clear(handle: unknown): void {
    this.queue = this.queue.filter((t) => t.id !== handle);
  }
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at);
      const next = this.queue[0];
      if (!next || next.at > end) {
        break;
      }
      this.queue.shift();
      this.time = next.at;
      next.cb();
    }
    this.time = end;
  }
  get pending(): number {
    return this.queue.length;
  }
}

describe('core/docker/events', () => {
  it('maps events to the views they change; exec and attach noise changes nothing', () => {
    assert.deepEqual(viewsAffectedBy({ Type: 'container', Action: 'start' }), ['containers']);
    assert.deepEqual(viewsAffectedBy({ Type: 'container', Action: 'destroy' }), ['containers', 'images']);
    assert.deepEqual(viewsAffectedBy({ Type: 'container', Action: 'health_status: healthy' }), ['containers']);
    assert.deepEqual(viewsAffectedBy({ Type: 'container', Action: 'exec_start: sh' }), []);
    assert.deepEqual(viewsAffectedBy({ Type: 'container', Action: 'attach' }), []);
    assert.deepEqual(viewsAffectedBy({ Type: 'image', Action: 'tag' }), ['images']);
    assert.deepEqual(viewsAffectedBy({ Type: 'image', Action: 'delete' }), ['images']);
    assert.deepEqual(viewsAffectedBy({ Type: 'network', Action: 'connect' }), []);
  });

  it('splits the events stream into JSON lines across chunk boundaries, skipping junk', () => {
    const p = new EventLineParser();
    assert.deepEqual(p.push('{"Type":"container","Act'), []);
    assert.deepEqual(p.push('ion":"start"}\n{"Type":"image","Action":"tag"}\nnot json\n{"Type"'), [
      { Type: 'container', Action: 'start' },
      { Type: 'image', Action: 'tag' },
    ]);
    assert.deepEqual(p.push(':"container","Action":"die"}\n'), [{ Type: 'container', Action: 'die' }]);
  });

  describe('KeyedDebouncer', () => {
    it('flushes once, with every key, after events go quiet', () => {
      const timers = new FakeTimers();
      const flushed: string[][] = [];
      const d = new KeyedDebouncer<string>((keys) => flushed.push([...keys].sort()), timers, 500, 2000);
      d.push('containers');
      timers.advance(200);
      d.push('images');
      d.push('containers');
      timers.advance(499);
      assert.deepEqual(flushed, []);
      timers.advance(1);
      assert.deepEqual(flushed, [['containers', 'images']]);
      timers.advance(5000);
      assert.equal(flushed.length, 1, 'nothing more without new events');
    });

    it('still flushes within maxWait while events keep coming', () => {
      const timers = new FakeTimers();
      const at: number[] = [];
      const d = new KeyedDebouncer<string>(() => at.push(timers.now()), timers, 500, 2000);
      for (let t = 0; t < 5000; t += 100) {
        d.push('containers');
        timers.advance(100);
      }
      assert.deepEqual(at, [2000, 4000]);
    });

    it('dispose cancels a pending flush', () => {
      const timers = new FakeTimers();
      let n = 0;
      const d = new KeyedDebouncer<string>(() => n++, timers);
      d.push('x');
      d.dispose();
      d.push('y');
      timers.advance(10_000);
      assert.equal(n, 0);
      assert.equal(timers.pending, 0);
    });
  });

  it('backs off exponentially up to a cap', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 100].map((a) => backoffDelay(a)), [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    assert.deepEqual([0, 1, 2].map((a) => backoffDelay(a, 50, 150)), [50, 100, 150]);
  });
});
