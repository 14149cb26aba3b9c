import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { SpareEnd } from '../../../src/infra/kubernetes/port-forward-spare-end';

/** A real loopback connection: `accepted` plays the forward's accepted socket, `client` the user's side. */
async function connection(): Promise<{ accepted: net.Socket; client: net.Socket; close(): Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const accepted = new Promise<net.Socket>((r) => server.once('connection', r));
  const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  const socket = await accepted;
  return {
    accepted: socket,
    client,
    close: async () => {
      client.destroy();
      socket.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

describe('infra/kubernetes/port-forward-spare-end', () => {
  it('keeps what the pod sent before a connection came, then carries both ways', async () => {
    const c = await connection();
    try {
      const end = new SpareEnd();
      const toPod: string[] = [];
      end.on('data', (d: Buffer) => toPod.push(d.toString()));
      end.write('banner;');
      c.accepted.pause();
      end.attach(c.accepted);
      end.write('reply');
      const seen = await new Promise<string>((resolve) => {
        let text = '';
        c.client.on('data', (d) => {
          text += d.toString();
          if (text.length >= 'banner;reply'.length) {
            resolve(text);
          }
        });
      });
      assert.equal(seen, 'banner;reply');
      c.client.write('request');
      await new Promise<void>((r) => end.once('data', () => r()));
      assert.equal(toPod.join(''), 'request');
    } finally {
      await c.close();
    }
  });

  it('reports itself gone when the pod ends it while it waits, and is then not usable', async () => {
    const end = new SpareEnd();
    assert.equal(end.usable, true);
    const gone = new Promise<void>((r) => end.once('gone', () => r()));
    end.end();
    await gone;
    assert.equal(end.usable, false);
  });

  it('closes the accepted socket when the tunnel side is destroyed', async () => {
    const c = await connection();
    try {
      const end = new SpareEnd();
      end.attach(c.accepted);
      const closed = new Promise<void>((r) => c.client.once('close', () => r()));
      c.client.on('error', () => undefined);
      end.destroy();
      await closed;
      assert.equal(c.accepted.destroyed, true);
    } finally {
      await c.close();
    }
  });
});
