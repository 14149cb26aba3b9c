import * as assert from 'node:assert/strict';
import { SpareTunnels } from '../../../src/core/kubernetes/port-forward-spares';

describe('core/kubernetes/port-forward-spares', () => {
  it('wants enough to fill the pool, counting those waiting and those being opened', () => {
    const pool = new SpareTunnels<string>(4);
    assert.equal(pool.wanted('web-1'), 4);
    pool.openStarted('web-1');
    pool.openStarted('web-1');
    assert.equal(pool.wanted('web-1'), 2);
    pool.openEnded('web-1');
    pool.add('web-1', 'a', 0);
    assert.equal(pool.wanted('web-1'), 2);
    pool.openEnded('web-1');
    assert.equal(pool.wanted('web-1'), 3);
    assert.equal(pool.wanted('web-2'), 4, 'another pod has a pool of its own');
  });

  it('hands out the longest-waiting spare to the asked pod only, once', () => {
    const pool = new SpareTunnels<string>(4);
    pool.add('web-1', 'old', 0);
    pool.add('web-2', 'other', 1);
    pool.add('web-1', 'new', 2);
    assert.equal(pool.take('web-1'), 'old');
    assert.equal(pool.take('web-1'), 'new');
    assert.equal(pool.take('web-1'), undefined);
    assert.equal(pool.take('web-2'), 'other');
    assert.equal(pool.count, 0);
  });

  it('drops the spares of a replaced pod and keeps those of the current one', () => {
    const pool = new SpareTunnels<string>(4);
    pool.add('web-1', 'a', 0);
    pool.add('web-2', 'b', 0);
    pool.add('web-1', 'c', 0);
    assert.deepEqual(pool.dropAllBut('web-2'), ['a', 'c']);
    assert.equal(pool.take('web-2'), 'b');
    pool.add('web-2', 'd', 0);
    assert.deepEqual(pool.dropAllBut(undefined), ['d'], 'no current pod: every spare goes');
  });

  it('drops spares idle longer than the limit, and forgets one that closed while waiting', () => {
    const pool = new SpareTunnels<string>(4);
    pool.add('web-1', 'stale', 1_000);
    pool.add('web-1', 'fresh', 20_000);
    pool.add('web-1', 'closed', 20_000);
    assert.equal(pool.remove('closed'), true);
    assert.equal(pool.remove('closed'), false);
    assert.deepEqual(pool.dropIdle(32_000, 30_000), ['stale']);
    assert.equal(pool.take('web-1'), 'fresh');
  });

  it('never wants a negative number of tunnels', () => {
    const pool = new SpareTunnels<string>(1);
    pool.add('web-1', 'a', 0);
    pool.add('web-1', 'b', 0);
    assert.equal(pool.wanted('web-1'), 0);
    assert.equal(new SpareTunnels<string>(0).wanted('web-1'), 0);
  });
});
