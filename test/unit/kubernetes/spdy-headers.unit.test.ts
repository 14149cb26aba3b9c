import * as assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { adler32, decodeHeaderBlock, encodeHeaderBlock, HeaderDeflater, spdy3Dictionary } from '../../../src/core/kubernetes/spdy-headers';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** What Node's zlib writes at level 0 with the SPDY dictionary, one Z_SYNC_FLUSH per block: the oracle. */
async function zlibLevel0(blocks: Uint8Array[]): Promise<string[]> {
  const deflate = zlib.createDeflate({ level: 0, dictionary: spdy3Dictionary });
  const out: string[] = [];
  for (const block of blocks) {
    const chunks: Buffer[] = [];
    const onData = (c: Buffer) => chunks.push(c);
    deflate.on('data', onData);
    deflate.write(block);
    await new Promise<void>((resolve) => deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve()));
    deflate.off('data', onData);
    out.push(hex(Buffer.concat(chunks)));
  }
  deflate.destroy();
  return out;
}

describe('core/kubernetes/spdy-headers', () => {
  it('has the SPDY/3 dictionary: 1423 bytes, adler32 e3c6a7c2 as in the zlib header kwok and kubelet send', () => {
    assert.equal(spdy3Dictionary.length, 1423);
    assert.equal(adler32(spdy3Dictionary).toString(16), 'e3c6a7c2');
    assert.equal(Buffer.from(spdy3Dictionary.subarray(0, 11)).toString('latin1'), '\u0000\u0000\u0000\u0007options');
    assert.ok(Buffer.from(spdy3Dictionary).toString('latin1').endsWith(',*,enq=0.'));
  });

  it('computes adler32 as zlib does, also past the 5552-byte reduction step', () => {
    assert.equal(adler32(new Uint8Array(0)), 1);
    assert.equal(adler32(Buffer.from('Wikipedia')).toString(16), '11e60398');
    const big = Uint8Array.from({ length: 20_000 }, (_, i) => (i * 7) & 0xff);
    // zlib.deflateSync ends with the adler32 of its input, big-endian.
    assert.equal(adler32(big), zlib.deflateSync(big).readUInt32BE(zlib.deflateSync(big).length - 4));
  });

  it('encodes the name/value block with 32-bit lengths and lower-case names, and decodes it back', () => {
    const block = encodeHeaderBlock([
      ['streamType', 'error'],
      ['port', '8080'],
      ['requestID', '0'],
    ]);
    assert.equal(
      hex(block),
      '00000003' + '0000000a' + hex(Buffer.from('streamtype')) + '00000005' + hex(Buffer.from('error')) + '00000004' + hex(Buffer.from('port')) +
        '00000004' + hex(Buffer.from('8080')) + '00000009' + hex(Buffer.from('requestid')) + '00000001' + hex(Buffer.from('0')),
    );
    assert.deepEqual(decodeHeaderBlock(block), [
      ['streamtype', 'error'],
      ['port', '8080'],
      ['requestid', '0'],
    ]);
    assert.throws(() => decodeHeaderBlock(block.subarray(0, block.length - 1)), /ends inside/);
  });

  it('compresses header blocks byte for byte as zlib level 0 with the dictionary and Z_SYNC_FLUSH does', async () => {
    const blocks = [encodeHeaderBlock([['streamtype', 'error'], ['port', '8080'], ['requestid', '0']]), encodeHeaderBlock([['streamtype', 'data'], ['port', '8080'], ['requestid', '0']])];
    const deflater = new HeaderDeflater();
    const ours = blocks.map((b) => hex(deflater.compress(b)));
    assert.deepEqual(ours, await zlibLevel0(blocks));
    // The first block starts with the zlib header naming the dictionary (FDICT) and its adler32.
    assert.ok(ours[0]?.startsWith('783fe3c6a7c2'), ours[0]);
    assert.ok(!ours[1]?.startsWith('78'), 'the zlib header only once per session');
  });

  it('is read back by one inflate context with the dictionary, block after block', () => {
    const deflater = new HeaderDeflater();
    const blocks = [encodeHeaderBlock([['a', '1']]), encodeHeaderBlock([['streamtype', 'data']]), encodeHeaderBlock([])];
    const stream = Buffer.concat(blocks.map((b) => deflater.compress(b)));
    const inflated = zlib.inflateSync(stream, { dictionary: spdy3Dictionary, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    assert.equal(hex(inflated), hex(Buffer.concat(blocks)));
  });
});
