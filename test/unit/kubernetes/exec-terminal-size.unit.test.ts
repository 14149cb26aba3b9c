import * as assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { PassThrough } from 'node:stream';
import { TerminalOutput } from '../../../src/features/kubernetes/exec-terminal-size';

/** client-node's real Exec over a recording websocket: what it would send to the API server. */
async function execOver(out: TerminalOutput): Promise<{ sent: Buffer[] }> {
  const sent: Buffer[] = [];
  const socket = { send: (b: Buffer) => sent.push(Buffer.from(b)), close: () => undefined, protocol: 'v4.channel.k8s.io', readyState: 1 };
  const handler = { connect: () => Promise.resolve(socket) } as unknown as ConstructorParameters<typeof k8s.Exec>[1];
  await new k8s.Exec(new k8s.KubeConfig(), handler).exec('ns', 'pod', 'c', ['sh'], out, null, new PassThrough(), true);
  return { sent };
}

const resizes = (sent: Buffer[]) => sent.filter((b) => b[0] === 4).map((b) => JSON.parse(b.subarray(1).toString()) as unknown);

describe('Kubernetes exec terminal size', () => {
  it('sends the size on the resize channel at start and on every change, not on a repeat', async () => {
    const out = new TerminalOutput(() => undefined, { columns: 120, rows: 40 });
    const { sent } = await execOver(out);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(resizes(sent), [{ height: 40, width: 120 }]);
    out.resize(100, 30);
    out.resize(100, 30);
    out.resize(0, 30);
    out.resize(132, 50);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(resizes(sent), [{ height: 40, width: 120 }, { height: 30, width: 100 }, { height: 50, width: 132 }]);
  });

  it('passes the output on as text, a UTF-8 character split across chunks included', async () => {
    let text = '';
    const out = new TerminalOutput((t) => (text += t));
    const bytes = Buffer.from('héllo ✓\r\n');
    for (const b of bytes) {
      await new Promise<void>((r) => out.write(Uint8Array.of(b), () => r()));
    }
    assert.equal(text, 'héllo ✓\r\n');
  });
});
