import * as assert from 'node:assert/strict';
import { ReceiveWindow, SendWindows } from '../../../src/core/kubernetes/spdy-flow';
import { defaultWindow } from '../../../src/core/kubernetes/spdy-frames';

describe('core/kubernetes/spdy-flow', () => {
  it('sends without limit while the peer never showed it keeps windows (moby/spdystream)', () => {
    const w = new SendWindows();
    w.open(1);
    w.sent(1, 1_000_000);
    assert.equal(w.enforcing, false);
    assert.equal(w.allowance(1, 70_000), 70_000);
    // What went before the peer's first update is not held against the window it then keeps.
    w.update(1, 1);
    assert.equal(w.allowance(1, 100_000), 65_536);
  });

  it('once the peer sends WINDOW_UPDATE, allows the smaller of the stream and session windows', () => {
    const w = new SendWindows();
    w.open(1);
    w.open(3);
    w.update(1, 10);
    assert.equal(w.enforcing, true);
    // stream 1: 65536 + 10; session: 65536.
    assert.equal(w.allowance(1, 100_000), 65_536);
    w.sent(1, 60_000);
    assert.equal(w.allowance(1, 100_000), 5_536, 'the session window is the limit now');
    assert.equal(w.allowance(3, 100_000), 5_536, 'it limits the other stream as well');
    w.update(0, 100_000);
    assert.equal(w.allowance(1, 100_000), 5_546, 'now the stream window is the limit');
    assert.equal(w.allowance(3, 100_000), 65_536);
    w.sent(1, 5_546);
    assert.equal(w.allowance(1, 1), 0, 'an exhausted stream window allows nothing');
    assert.equal(w.allowance(7, 1), 0, 'nor does a stream that was never opened');
  });

  it('moves open streams by the change of SETTINGS_INITIAL_WINDOW_SIZE, even below zero', () => {
    const w = new SendWindows();
    w.open(1);
    w.initialWindow(defaultWindow);
    w.sent(1, 60_000);
    w.initialWindow(1_000);
    assert.equal(w.allowance(1, 10), 0, '5536 - 64536 is negative: nothing may go');
    w.update(1, 60_000);
    assert.equal(w.allowance(1, 10_000), 1_000);
    w.open(3);
    w.update(0, 1_000_000);
    assert.equal(w.allowance(3, 10_000), 1_000, 'new streams start at the new initial window');
    w.close(3);
    assert.equal(w.allowance(3, 10), 0);
  });

  it('announces consumed bytes once half the receive window is used, then starts counting again', () => {
    const r = new ReceiveWindow(1_000);
    assert.equal(r.consumed(200), 0);
    assert.equal(r.consumed(299), 0);
    assert.equal(r.consumed(1), 500);
    assert.equal(r.consumed(499), 0);
    assert.equal(r.consumed(2_000), 2_499);
  });
});
