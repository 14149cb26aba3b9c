import * as assert from 'node:assert/strict';
import { StreamDemuxer, toTerminalText } from '../../../src/core/docker/stream-demux';

function frame(stream: number, text: string): Buffer {
  const body = Buffer.from(text, 'utf8');
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

describe('core/docker/stream-demux', () => {
  it('splits stdout and stderr frames', () => {
    const d = new StreamDemuxer();
    const frames = d.push(Buffer.concat([frame(1, 'hello\n'), frame(2, 'oops\n')]));
    assert.deepEqual(frames.map((f) => [f.stream, Buffer.from(f.data).toString()]), [['stdout', 'hello\n'], ['stderr', 'oops\n']]);
    assert.equal(d.pendingBytes, 0);
  });

  it('reassembles frames cut anywhere, even inside the header or a UTF-8 character', () => {
    const all = Buffer.concat([frame(1, 'épreuve ✓\n'), frame(2, 'x'.repeat(70000))]);
    const d = new StreamDemuxer();
    const out: string[] = [];
    for (let i = 0; i < all.length; i += 3) {
      for (const f of d.push(all.subarray(i, i + 3))) {
        out.push(`${f.stream}:${Buffer.from(f.data).toString().length}`);
      }
    }
    assert.deepEqual(out, ['stdout:10', 'stderr:70000']);
  });

  it('turns LF into CRLF for terminals, leaving CRLF alone', () => {
    assert.equal(toTerminalText('a\nb\r\nc'), 'a\r\nb\r\nc');
  });
});
