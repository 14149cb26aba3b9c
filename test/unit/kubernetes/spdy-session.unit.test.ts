import * as k8s from '@kubernetes/client-node';
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import * as zlib from 'node:zlib';
import { WebSocketServer, type WebSocket } from 'ws';
import { dataFrame, FrameReader, rstStatus, type SpdyFrame } from '../../../src/core/kubernetes/spdy-frames';
import { decodeHeaderBlock, spdy3Dictionary } from '../../../src/core/kubernetes/spdy-headers';
import { openSpdySession, SpdyRefused, spdyTunnelProtocol, type SpdySession } from '../../../src/infra/kubernetes/spdy-session';

const synReply = (streamId: number) => Buffer.from([0x80, 0x03, 0x00, 0x02, 0x00, 0x00, 0x00, 0x04, 0, 0, 0, streamId]);

/**
 * A loopback stand-in for the API server's SPDY tunnel with a pod behind it: answers the upgrade as
 * told, replies to SYN_STREAMs, echoes the data stream upper-cased and records every frame.
 */
class FakeTunnel {
  readonly frames: SpdyFrame[] = [];
  readonly headers = new Map<number, [string, string][]>();
  dataBeforeReply = false;
  /** What the pod end writes on the error stream instead of answering (a refused port). */
  errorText: string | undefined;
  answer: 'accept' | 'no-protocol' | 400 | 404 = 'accept';
  private server = http.createServer();
  private wss = new WebSocketServer({ noServer: true });
  private inflate = zlib.createInflate({ dictionary: spdy3Dictionary });
  private replied = new Set<number>();
  port = 0;

  async start(): Promise<void> {
    this.wss.on('headers', (headers) => {
      if (this.answer === 'accept') {
        headers.push(`Sec-WebSocket-Protocol: ${spdyTunnelProtocol}`);
      }
    });
    this.server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      if (typeof this.answer === 'number') {
        socket.end(`HTTP/1.1 ${this.answer} No\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
        return;
      }
      assert.equal(req.headers['sec-websocket-protocol'], spdyTunnelProtocol);
      // ws (server side too) rejects a subprotocol with '/': answered through the 'headers' event instead.
      delete req.headers['sec-websocket-protocol'];
      this.wss.handleUpgrade(req, socket, head, (ws) => this.serve(ws));
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  kubeConfig(): k8s.KubeConfig {
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      // Plain HTTP on loopback: client-node allows it only with skipTLSVerify.
      clusters: [{ name: 'c', server: `http://127.0.0.1:${this.port}`, skipTLSVerify: true }],
      users: [{ name: 'u', token: 'test-token' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    return kc;
  }

  private serve(ws: WebSocket): void {
    const reader = new FrameReader();
    const blocks: { streamId: number; block: Buffer }[] = [];
    ws.on('message', (data: Buffer) => {
      for (const f of reader.push(data)) {
        this.frames.push(f);
        if (f.type === 'synStream') {
          blocks.push({ streamId: f.streamId, block: Buffer.from(f.headerBlock) });
          this.inflate.write(f.headerBlock);
          this.inflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
            const out = this.inflate.read() as Buffer | null;
            const b = blocks.shift();
            if (b && out) {
              this.headers.set(b.streamId, decodeHeaderBlock(out));
            }
          });
          // The reply comes a moment later, as it does through the API server.
          setTimeout(() => {
            this.replied.add(f.streamId);
            ws.send(synReply(f.streamId));
            const type = f.streamId % 4 === 1 ? 'error' : 'data';
            if (type === 'error' && this.errorText !== undefined) {
              ws.send(Buffer.concat([dataFrame(f.streamId, Buffer.from(this.errorText)), dataFrame(f.streamId, new Uint8Array(0), true)]));
            }
          }, 20);
        } else if (f.type === 'data' && f.streamId % 4 === 3) {
          if (!this.replied.has(f.streamId) && f.data.length > 0) {
            this.dataBeforeReply = true;
          }
          ws.send(dataFrame(f.streamId, Buffer.from(Buffer.from(f.data).toString().toUpperCase()), f.fin));
        }
      }
    });
  }

  async stop(): Promise<void> {
    this.wss.clients.forEach((c) => c.terminate());
    this.inflate.destroy();
    await new Promise((r) => this.server.close(r));
  }
}

/** Polls until `ok` holds (frames cross the loopback websocket a moment after they are sent). */
async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; !ok(); i++) {
    if (i > 1000) {
      throw new Error(`never: ${what}`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * A connected pair of loopback sockets: `local` as an accepted connection (half-open allowed, so a
 * client's FIN travels on as the stream's FIN), `client` as the user's.
 */
async function socketPair(): Promise<{ local: net.Socket; client: net.Socket; close: () => void }> {
  const server = net.createServer({ allowHalfOpen: true });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const accepted = new Promise<net.Socket>((r) => server.once('connection', r));
  const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  const local = await accepted;
  return { local, client, close: () => server.close() };
}

describe('infra/kubernetes/spdy-session (against a loopback SPDY tunnel)', () => {
  let tunnel: FakeTunnel;
  let session: SpdySession | undefined;
  beforeEach(async () => {
    tunnel = new FakeTunnel();
    await tunnel.start();
  });
  afterEach(async () => {
    session?.close();
    session = undefined;
    await tunnel.stop();
  });

  it('opens streams with compressed headers, holds data until the reply, and carries both ways with FIN', async () => {
    session = await openSpdySession(tunnel.kubeConfig(), 'ns', 'pod');
    const { local, client, close } = await socketPair();
    const errors: string[] = [];
    const done = session.forward(local, 8080, (m) => errors.push(m));
    client.end('hello pod');
    const got = await new Promise<string>((resolve) => {
      let text = '';
      client.on('data', (d: Buffer) => (text += d.toString()));
      client.on('end', () => resolve(text));
    });
    await done;
    close();
    assert.equal(got, 'HELLO POD');
    assert.equal(tunnel.dataBeforeReply, false, 'no data before the SYN_REPLY of the data stream');
    assert.deepEqual(tunnel.headers.get(1), [['streamtype', 'error'], ['port', '8080'], ['requestid', '0']]);
    assert.deepEqual(tunnel.headers.get(3), [['streamtype', 'data'], ['port', '8080'], ['requestid', '0']]);
    assert.ok(tunnel.frames.some((f) => f.type === 'data' && f.streamId === 1 && f.fin && f.data.length === 0), 'the error stream is half-closed at once');
    assert.ok(tunnel.frames.some((f) => f.type === 'settings'), 'the receive window is announced');
    assert.deepEqual(errors, []);
  });

  it('resets the streams of a connection closed before the pod end finished, and the session carries on', async () => {
    session = await openSpdySession(tunnel.kubeConfig(), 'ns', 'pod');
    const first = await socketPair();
    const done = session.forward(first.local, 8080, () => undefined);
    first.client.write('partial');
    await new Promise<void>((r) => first.client.once('data', () => r()));
    // A TCP reset, not a FIN: the user's end is gone before the pod end finished.
    first.client.resetAndDestroy();
    await done;
    first.close();
    await until('the data stream reset', () => tunnel.frames.some((f) => f.type === 'rstStream' && f.streamId === 3 && f.status === rstStatus.cancel));
    const second = await socketPair();
    void session.forward(second.local, 8080, () => undefined);
    second.client.write('again');
    const echoed = await new Promise<string>((r) => second.client.once('data', (d: Buffer) => r(d.toString())));
    second.client.destroy();
    second.close();
    assert.equal(echoed, 'AGAIN');
    assert.equal(tunnel.headers.get(7)?.find(([n]) => n === 'requestid')?.[1], '1', 'the next connection has the next request id');
  });

  it("passes the pod end's error message on and closes that connection", async () => {
    tunnel.errorText = 'an error occurred forwarding 8081 -> 8081: connection refused';
    session = await openSpdySession(tunnel.kubeConfig(), 'ns', 'pod');
    const { local, client, close } = await socketPair();
    const errors: string[] = [];
    const done = session.forward(local, 8081, (m) => errors.push(m));
    client.on('error', () => undefined);
    await done;
    close();
    assert.deepEqual(errors, [tunnel.errorText]);
    assert.ok(local.destroyed);
  });

  it('reports a server without the SPDY subprotocol as refused, so the caller can fall back', async () => {
    tunnel.answer = 'no-protocol';
    await assert.rejects(openSpdySession(tunnel.kubeConfig(), 'ns', 'pod'), SpdyRefused);
    tunnel.answer = 400;
    await assert.rejects(openSpdySession(tunnel.kubeConfig(), 'ns', 'pod'), SpdyRefused);
  });

  it('reports any other failed upgrade (pod not found) as an error, not a refusal', async () => {
    tunnel.answer = 404;
    await assert.rejects(openSpdySession(tunnel.kubeConfig(), 'ns', 'gone'), (err: Error) => !(err instanceof SpdyRefused) && /HTTP 404/.test(err.message));
  });
});
