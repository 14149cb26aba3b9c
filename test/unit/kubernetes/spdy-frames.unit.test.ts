import * as assert from 'node:assert/strict';
import {
  dataFrame,
  dataFrameHeader,
  FrameReader,
  goAwayFrame,
  pingFrame,
  rstStatus,
  rstStreamFrame,
  settingsFrame,
  settingsInitialWindowSize,
  synStreamFrame,
  windowUpdateFrame,
  type SpdyFrame,
} from '../../../src/core/kubernetes/spdy-frames';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/**
 * Feeds `bytes` in pieces of `size` bytes, as websocket messages cut a SPDY stream anywhere, and joins
 * the parts of a data frame handed on as they came (consecutive, same stream, FIN only on the last).
 */
function readInPieces(bytes: Uint8Array, size: number): SpdyFrame[] {
  const reader = new FrameReader();
  const frames: SpdyFrame[] = [];
  for (let at = 0; at < bytes.length; at += size) {
    for (const f of reader.push(bytes.slice(at, at + size))) {
      const last = frames[frames.length - 1];
      if (f.type === 'data' && last?.type === 'data' && last.streamId === f.streamId && !last.fin) {
        frames[frames.length - 1] = { ...last, fin: f.fin, data: Buffer.concat([last.data, f.data]) };
      } else {
        frames.push(f);
      }
    }
  }
  assert.equal(reader.pending, 0, 'nothing left over');
  return frames;
}

const plain = (f: SpdyFrame) => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v instanceof Uint8Array ? hex(v) : (v as unknown)]));

describe('core/kubernetes/spdy-frames', () => {
  it('writes control frames with the SPDY/3 header (control bit, version 3, type, flags, 24-bit length)', () => {
    assert.equal(hex(rstStreamFrame(3, rstStatus.cancel)), '80030003000000080000000300000005');
    assert.equal(hex(windowUpdateFrame(0, 65_536)), '80030009000000080000000000010000');
    assert.equal(hex(pingFrame(2)), '800300060000000400000002');
    assert.equal(hex(goAwayFrame(7)), '80030007000000080000000700000000');
    assert.equal(hex(synStreamFrame(1, Uint8Array.of(0xaa, 0xbb), true)), '800300010100000c00000001000000000000aabb');
    assert.equal(hex(settingsFrame([{ id: settingsInitialWindowSize, flags: 0, value: 1 << 20 }])), '800300040000000c000000010000000700100000');
  });

  it('writes data frames: stream id, FIN flag and length, then the payload', () => {
    assert.equal(hex(dataFrame(5, Uint8Array.of(1, 2, 3), true)), '0000000501000003010203');
    assert.equal(hex(dataFrameHeader(0x7fff_ffff, 0xff_ffff)), '7fffffff00ffffff');
    assert.throws(() => dataFrameHeader(1, 0x100_0000), RangeError);
  });

  it('reads back every frame it writes, whole or cut into pieces of any size', () => {
    const block = Uint8Array.of(9, 8, 7);
    const payload = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
    const stream = Buffer.concat([
      synStreamFrame(1, block),
      dataFrame(1, new Uint8Array(0), true),
      dataFrame(3, payload),
      rstStreamFrame(3, rstStatus.refusedStream),
      windowUpdateFrame(3, 1234),
      settingsFrame([{ id: settingsInitialWindowSize, flags: 1, value: 4096 }]),
      pingFrame(4),
      goAwayFrame(9, 2),
    ]);
    const expected = [
      { type: 'synStream', streamId: 1, fin: false, headerBlock: '090807' },
      { type: 'data', streamId: 1, fin: true, data: '' },
      { type: 'data', streamId: 3, fin: false, data: hex(payload) },
      { type: 'rstStream', streamId: 3, status: rstStatus.refusedStream },
      { type: 'windowUpdate', streamId: 3, delta: 1234 },
      { type: 'settings', entries: [{ flags: 1, id: settingsInitialWindowSize, value: 4096 }] },
      { type: 'ping', id: 4 },
      { type: 'goAway', lastGoodStreamId: 9, status: 2 },
    ];
    for (const size of [stream.length, 1, 3, 7, 8, 9, 64, 299]) {
      assert.deepEqual(readInPieces(stream, size).map(plain), expected, `pieces of ${size}`);
    }
  });

  it('reads SYN_REPLY and HEADERS, and keeps an unknown control type without failing', () => {
    const reply = Buffer.from('800300020100000a00000003026100000000', 'hex');
    const headers = Buffer.from('8003000800000006000000050102', 'hex');
    const unknown = Buffer.from('8003000a00000002abcd', 'hex');
    assert.deepEqual(readInPieces(Buffer.concat([reply, headers, unknown]), 5).map(plain), [
      { type: 'synReply', streamId: 3, fin: true, headerBlock: '026100000000' },
      { type: 'headers', streamId: 5, fin: false, headerBlock: '0102' },
      { type: 'unknown', frameType: 10 },
    ]);
  });

  it('hands a data payload on as it arrives, as views of the pieces, with FIN on the last part only', () => {
    const reader = new FrameReader();
    const frame = dataFrame(1, Uint8Array.from({ length: 100 }, (_, i) => i), true);
    assert.deepEqual(reader.push(frame.subarray(0, 5)), [], 'not even the header yet');
    assert.equal(reader.pending, 5);
    const first = reader.push(frame.subarray(5, 50));
    const second = reader.push(frame.subarray(50));
    assert.deepEqual(first.map(plain), [{ type: 'data', streamId: 1, fin: false, data: hex(frame.subarray(8, 50)) }]);
    assert.deepEqual(second.map(plain), [{ type: 'data', streamId: 1, fin: true, data: hex(frame.subarray(50)) }]);
    const part = second[0];
    assert.ok(part?.type === 'data' && part.data.buffer === frame.buffer, 'a view of the message, not a copy');
    const control = rstStreamFrame(1, rstStatus.cancel);
    assert.deepEqual(reader.push(control.subarray(0, 10)), [], 'a control frame waits until it is whole');
    assert.equal(reader.push(control.subarray(10))[0]?.type, 'rstStream');
  });

  it('rejects another SPDY version and control frames too short for their fields', () => {
    assert.throws(() => new FrameReader().push(Buffer.from('80020003000000080000000300000005', 'hex')), /version 2/);
    assert.throws(() => new FrameReader().push(Buffer.from('800300030000000400000003', 'hex')), /shorter/);
  });
});
