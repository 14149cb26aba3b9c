import * as assert from 'node:assert/strict';
import { LogMerger, splitTimestamp } from '../../../src/core/kubernetes/log-merge';

// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

describe('Kubernetes merged logs (pure)', () => {
  it('prefixes every whole line with its source and never splits a line between sources', () => {
    const m = new LogMerger({ timestamps: false, prefixed: true });
    const a = m.add('web-1', 'app');
    const b = m.add('web-2', 'app');
    let out = '';
    out += m.write(a, 'first half of a');
    out += m.write(b, 'b says hi\nb again, unfinished');
    out += m.write(a, ', second half\n');
    out += m.end(b);
    assert.equal(plain(out), '[web-2/app] b says hi\r\n[web-1/app] first half of a, second half\r\n[web-2/app] b again, unfinished\r\n');
  });

  it('gives each source its own colour and resets after lines that carry their own escapes', () => {
    const m = new LogMerger({ timestamps: false, prefixed: true });
    const keys = ['p1', 'p2', 'p3'].map((p) => m.add(p, 'c'));
    const prefixes = keys.map((k) => {
      const text = m.write(k, 'x\n');
      return text.slice(0, text.indexOf('[p'));
    });
    assert.equal(new Set(prefixes).size, 3);
    // eslint-disable-next-line no-control-regex
    assert.ok(prefixes.every((p) => /^\x1b\[\d+m$/.test(p)), JSON.stringify(prefixes));
    assert.ok(m.write(keys[0]!, '\x1b[31mred\n').endsWith('red\x1b[0m\r\n'));
    assert.equal(m.add('p1', 'c'), keys[0], 'adding a known source again keeps it');
  });

  it('handles many sources with interleaved partial chunks', () => {
    const m = new LogMerger({ timestamps: false, prefixed: true });
    const keys = Array.from({ length: 50 }, (_, i) => m.add(`pod-${i}`, 'main'));
    let out = '';
    for (const piece of ['line ', 'number ', 'one\nline two', '\n']) {
      for (const k of keys) {
        out += m.write(k, piece);
      }
    }
    const lines = plain(out).split('\r\n').filter(Boolean);
    assert.equal(lines.length, 100);
    for (let i = 0; i < 50; i++) {
      assert.deepEqual(
        lines.filter((l) => l.startsWith(`[pod-${i}/main] `)),
        [`[pod-${i}/main] line number one`, `[pod-${i}/main] line two`],
      );
    }
  });

  it('keeps only what a terminal would show of a line redrawn with carriage returns', () => {
    const m = new LogMerger({ timestamps: false, prefixed: true });
    const k = m.add('train', 'main');
    assert.equal(plain(m.write(k, 'epoch 1: 10%\repoch 1: 50%\repoch 1: 100%\r\n')), '[train/main] epoch 1: 100%\r\n');
  });

  it('hides the server timestamps unless asked, and shows them after the prefix when asked', () => {
    const line = '2026-11-28T20:48:07.123456789Z hello world\n';
    const hidden = new LogMerger({ timestamps: false, prefixed: true });
    assert.equal(plain(hidden.write(hidden.add('p', 'c'), line)), '[p/c] hello world\r\n');
    const shown = new LogMerger({ timestamps: true, prefixed: true });
    assert.equal(plain(shown.write(shown.add('p', 'c'), line)), '[p/c] 2026-11-28T20:48:07.123456789Z hello world\r\n');
    const single = new LogMerger({ timestamps: false, prefixed: false });
    assert.equal(single.write(single.add('p', 'c'), line), 'hello world\r\n');
  });

  it('resumes after a reconnect without repeating lines already shown', () => {
    const m = new LogMerger({ timestamps: false, prefixed: false });
    const k = m.add('p', 'c');
    assert.equal(m.write(k, '2026-11-28T20:48:07.1Z one\n2026-11-28T20:48:07.25Z two\n'), 'one\r\ntwo\r\n');
    assert.equal(m.lastTimestamp(k), '2026-11-28T20:48:07.25Z');
    m.resume(k);
    // The server resumes from the whole second: "one" and "two" come again, then new lines.
    const again = m.write(k, '2026-11-28T20:48:07.1Z one\n2026-11-28T20:48:07.25Z two\n2026-11-28T20:48:07.3Z three\n2026-11-28T20:48:07.3Z three again\n');
    assert.equal(again, 'three\r\nthree again\r\n');
  });

  it('forgets a removed source: the same key starts afresh', () => {
    const m = new LogMerger({ timestamps: false, prefixed: false });
    const k = m.add('p', 'c');
    m.write(k, '2026-11-28T20:48:07Z one\npartial');
    m.resume(k);
    m.remove(k);
    assert.equal(m.lastTimestamp(k), undefined);
    m.add('p', 'c');
    assert.equal(m.write(k, '2026-11-28T20:48:07Z one\n'), 'one\r\n');
  });

  it('orders fractional seconds numerically, not as text', () => {
    assert.ok(splitTimestamp('2026-11-28T20:48:07.1Z a').order! > splitTimestamp('2026-11-28T20:48:07.09Z a').order!);
    assert.ok(splitTimestamp('2026-11-28T20:48:07Z a').order! < splitTimestamp('2026-11-28T20:48:07.000000001Z a').order!);
    assert.deepEqual(splitTimestamp('no timestamp here'), { text: 'no timestamp here' });
    assert.deepEqual(splitTimestamp('2026-11-28T20:48:07Z '), { timestamp: '2026-11-28T20:48:07Z', order: '2026-11-28T20:48:07.000000000', text: '' });
  });

  it('writes dim notices, prefixed for a source', () => {
    const m = new LogMerger({ timestamps: false, prefixed: true });
    const k = m.add('p', 'c');
    assert.equal(plain(m.notice('— pod p ended —')), '— pod p ended —\r\n');
    assert.equal(plain(m.notice('waiting to start', k)), '[p/c] waiting to start\r\n');
    assert.equal(m.write('unknown/source', 'x\n'), '');
  });
});
