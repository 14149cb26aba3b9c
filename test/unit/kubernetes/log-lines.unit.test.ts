import * as assert from 'node:assert/strict';
import { LineSplitter } from '../../../src/core/kubernetes/log-lines';

describe('Kubernetes log line splitting (pure)', () => {
  it('holds a partial line until its newline arrives', () => {
    const s = new LineSplitter();
    assert.deepEqual(s.push(Buffer.from('hel')), []);
    assert.deepEqual(s.push(Buffer.from('lo\nwor')), ['hello']);
    assert.deepEqual(s.push(Buffer.from('ld\n\nnext')), ['world', '']);
    assert.deepEqual(s.flush(), ['next']);
    assert.deepEqual(s.flush(), []);
  });

  it('treats CRLF as one line end, also when CR and LF arrive in different chunks', () => {
    const s = new LineSplitter();
    assert.deepEqual(s.push(Buffer.from('a\r\nb\r')), ['a']);
    assert.deepEqual(s.push(Buffer.from('\nc')), ['b']);
    assert.deepEqual(s.push('\r'), []);
    assert.deepEqual(s.flush(), ['c']);
  });

  it('decodes a UTF-8 character split across chunks once it is whole', () => {
    const bytes = Buffer.from('größe 🚀 ok\n');
    const s = new LineSplitter();
    const out: string[] = [];
    for (const b of bytes) {
      out.push(...s.push(Uint8Array.of(b)));
    }
    assert.deepEqual(out, ['größe 🚀 ok']);
    const t = new LineSplitter();
    assert.deepEqual(t.push(bytes.subarray(0, 3)), []);
    assert.deepEqual(t.push(bytes.subarray(3)), ['größe 🚀 ok']);
  });

  it('replaces invalid UTF-8 rather than failing, and ends an unfinished character on flush', () => {
    const s = new LineSplitter();
    assert.deepEqual(s.push(Uint8Array.of(0x61, 0xff, 0x62, 0x0a)), ['a\ufffdb']);
    assert.deepEqual(s.push(Uint8Array.of(0x63, 0xe2, 0x82)), []);
    assert.deepEqual(s.flush(), ['c\ufffd']);
  });

  it('cuts a line that never ends into pieces of the maximum length', () => {
    const s = new LineSplitter(10);
    assert.deepEqual(s.push('x'.repeat(25)), ['x'.repeat(10), 'x'.repeat(10)]);
    assert.deepEqual(s.push('yy\n'), ['xxxxxyy']);
  });
});
