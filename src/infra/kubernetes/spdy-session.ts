import type * as k8s from '@kubernetes/client-node';
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import { ReceiveWindow, SendWindows } from '../../core/kubernetes/spdy-flow';
import { defaultWindow, FrameReader, pingFrame, settingsFrame, rstStatus, rstStreamFrame, settingsInitialWindowSize, windowUpdateFrame, type SpdyFrame } from '../../core/kubernetes/spdy-frames';
import { HeaderDeflater } from '../../core/kubernetes/spdy-headers';
import { SpdyConnection, type SessionLink } from './spdy-connection';

/** The websocket subprotocol asking the API server to carry SPDY port-forward streams (PortForwardWebsockets, on since 1.31). */
export const spdyTunnelProtocol = 'SPDY/3.1+portforward.k8s.io';

/** The upgrade worked but the server picked another subprotocol, or none: it does not tunnel SPDY. */
export class SpdyRefused extends Error {}

/** Bytes handed to the websocket but not yet to the kernel above which local sockets stop being read. */
const sendHighWater = 4 * 1024 * 1024;
const sendLowWater = 1024 * 1024;
/** What we let the peer send ahead on each stream and on the session (SETTINGS and a session WINDOW_UPDATE at the start). */
export const receiveWindowSize = 16 * 1024 * 1024;
/** Queued frame bytes that go out at once rather than at the end of the event loop's turn. */
const flushAtBytes = 256 * 1024;

/**
 * One websocket to a pod's port-forward endpoint carrying every forwarded connection as a pair of
 * SPDY streams (error and data), as kubectl does: a new connection costs two frames instead of a TLS
 * handshake, an upgrade and the kubelet's dial.
 */
export class SpdySession implements SessionLink {
  private readonly reader = new FrameReader();
  private readonly deflater = new HeaderDeflater();
  readonly windows = new SendWindows();
  readonly receiveWindowSize = receiveWindowSize;
  private readonly receiveWindow = new ReceiveWindow(receiveWindowSize);
  private readonly byStream = new Map<number, SpdyConnection>();
  private readonly connections = new Set<SpdyConnection>();
  private nextStreamId = 1;
  private nextRequestId = 0;
  private inFlight = 0;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private flushScheduled: NodeJS.Immediate | undefined;
  private readonly waitingToSend = new Set<() => void>();
  private readonly slowReaders = new Set<SpdyConnection>();
  private ended: string | undefined;
  private goneAway = false;
  private readonly endListeners = new Set<(why: string) => void>();

  constructor(private readonly ws: WebSocket) {
    // A 16 MiB receive window for every stream and the session: a peer that keeps windows never waits
    // on us, and updates are a couple per 16 MiB rather than one per 32 KiB.
    this.send(settingsFrame([{ id: settingsInitialWindowSize, flags: 0, value: receiveWindowSize }]), windowUpdateFrame(0, receiveWindowSize - defaultWindow));
    ws.on('message', (data: Buffer) => this.receive(data));
    ws.once('close', (code: number, reason: Buffer) => this.end(`the tunnel closed (${code}${reason.length ? `: ${reason.toString()}` : ''})`));
    ws.on('error', (err: Error) => this.end(`the tunnel failed: ${err.message}`));
  }

  /** Still able to carry new connections. */
  get usable(): boolean {
    return this.ended === undefined && !this.goneAway && this.ws.readyState === WebSocket.OPEN;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  onEnd(cb: (why: string) => void): void {
    this.endListeners.add(cb);
  }

  /** Joins `socket` to `port` in the pod; settles when the connection is over. */
  forward(socket: Duplex, port: number, onError: (message: string) => void): Promise<void> {
    if (!this.usable) {
      socket.destroy();
      return Promise.resolve();
    }
    const errorId = this.nextStreamId;
    const dataId = errorId + 2;
    this.nextStreamId += 4;
    const conn = new SpdyConnection(this, socket, { errorId, dataId, port, requestId: this.nextRequestId++ }, onError);
    this.byStream.set(errorId, conn);
    this.byStream.set(dataId, conn);
    this.connections.add(conn);
    conn.start();
    return conn.done.then(() => {
      this.byStream.delete(errorId);
      this.byStream.delete(dataId);
      this.connections.delete(conn);
      this.slowReaders.delete(conn);
      this.resumeReadingIfClear();
    });
  }

  compressHeaders(block: Uint8Array): Uint8Array {
    return this.deflater.compress(block);
  }

  send(...parts: Uint8Array[]): void {
    if (this.ended !== undefined) {
      return;
    }
    for (const p of parts) {
      this.pending.push(p);
      this.pendingBytes += p.length;
      this.inFlight += p.length;
    }
    if (this.pendingBytes >= flushAtBytes) {
      this.flush();
    } else {
      this.flushScheduled ??= setImmediate(() => this.flush());
    }
  }

  /** One websocket message (and one TCP write) for many small frames: the API server and kwok handle each message apart. */
  private flush(): void {
    clearImmediate(this.flushScheduled);
    this.flushScheduled = undefined;
    if (this.pending.length === 0 || this.ended !== undefined) {
      return;
    }
    const bytes = this.pendingBytes;
    const message = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, bytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.ws.send(message ?? new Uint8Array(0), { binary: true }, () => {
      this.inFlight -= bytes;
      if (this.inFlight <= sendLowWater && this.waitingToSend.size > 0) {
        const waiting = [...this.waitingToSend];
        this.waitingToSend.clear();
        waiting.forEach((resume) => resume());
      }
    });
  }

  /** False when the websocket holds enough unsent bytes: `resume` is called once it drained. */
  canSend(resume: () => void): boolean {
    if (this.inFlight < sendHighWater) {
      return true;
    }
    this.waitingToSend.add(resume);
    return false;
  }

  /** A local socket cannot take more: stop reading the websocket (all streams) until it drains. */
  slowReader(conn: SpdyConnection, slow: boolean): void {
    if (slow) {
      this.slowReaders.add(conn);
      this.ws.pause();
    } else {
      this.slowReaders.delete(conn);
      this.resumeReadingIfClear();
    }
  }

  private resumeReadingIfClear(): void {
    if (this.slowReaders.size === 0 && this.ended === undefined) {
      this.ws.resume();
    }
  }

  close(why = 'closed'): void {
    this.end(why);
  }

  private receive(data: Buffer): void {
    let frames: SpdyFrame[];
    try {
      frames = this.reader.push(data);
    } catch (err) {
      this.end(`the tunnel sent a malformed frame: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    for (const f of frames) {
      this.dispatch(f);
    }
  }

  private dispatch(f: SpdyFrame): void {
    switch (f.type) {
      case 'data':
      case 'synReply':
      case 'headers':
      case 'rstStream':
        this.byStream.get(f.streamId)?.receive(f);
        break;
      case 'windowUpdate':
        this.windows.update(f.streamId, f.delta);
        this.byStream.get(f.streamId)?.windowOpened();
        if (f.streamId === 0) {
          this.connections.forEach((c) => c.windowOpened());
        }
        break;
      case 'settings':
        for (const e of f.entries) {
          if (e.id === settingsInitialWindowSize) {
            this.windows.initialWindow(e.value);
            this.connections.forEach((c) => c.windowOpened());
          }
        }
        break;
      case 'ping':
        // Our pings would be odd; an even one is the server's and is answered with the same id.
        if (f.id % 2 === 0) {
          this.send(pingFrame(f.id));
        }
        break;
      case 'synStream':
        // Port-forward servers never open streams toward the client.
        this.send(rstStreamFrame(f.streamId, rstStatus.refusedStream));
        break;
      case 'goAway':
        this.goneAway = true;
        break;
      default:
        break;
    }
  }

  passedOn(streamId: number, bytes: number, streamDelta: number): void {
    if (streamDelta > 0) {
      this.send(windowUpdateFrame(streamId, streamDelta));
    }
    const sessionDelta = this.receiveWindow.consumed(bytes);
    if (sessionDelta > 0) {
      this.send(windowUpdateFrame(0, sessionDelta));
    }
  }

  private end(why: string): void {
    if (this.ended !== undefined) {
      return;
    }
    this.ended = why;
    clearImmediate(this.flushScheduled);
    this.pending = [];
    for (const c of [...this.connections]) {
      c.sessionEnded();
    }
    this.waitingToSend.clear();
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.close();
    }
    for (const l of [...this.endListeners]) {
      l(why);
    }
    this.endListeners.clear();
  }
}

/** Opens the websocket to the pod's port-forward endpoint, asking for the SPDY tunnel. */
export async function openSpdySession(kc: k8s.KubeConfig, namespace: string, pod: string): Promise<SpdySession> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    throw new Error('no cluster in the kubeconfig context');
  }
  const base = cluster.server.replace(/^http/, 'ws').replace(/\/+$/, '');
  const url = `${base}/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/portforward`;
  const opts: WebSocket.ClientOptions & { headers?: Record<string, string> } = {};
  await kc.applyToHTTPSOptions(opts);
  // ws refuses to ask for a subprotocol containing '/' (not an RFC 7230 token), yet the API server
  // names this one so: ask through the header, and take the server's answer out of ws's own check.
  const ws = new WebSocket(url, { ...opts, headers: { ...opts.headers, 'Sec-WebSocket-Protocol': spdyTunnelProtocol }, perMessageDeflate: false });
  let chosen: string | undefined;
  ws.once('upgrade', (res) => {
    chosen = res.headers['sec-websocket-protocol'];
    delete res.headers['sec-websocket-protocol'];
  });
  await new Promise<void>((resolve, reject) => {
    const fail = (err: Error) => {
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      reject(err);
    };
    ws.once('open', () => {
      ws.removeAllListeners();
      resolve();
    });
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      // 400: a server (or the kubelet behind an older one) that does not speak this subprotocol.
      fail(status === 400 ? new SpdyRefused(`the API server refused the ${spdyTunnelProtocol} upgrade (HTTP 400)`) : new Error(`the API server answered the port-forward upgrade with HTTP ${status}`));
    });
    ws.once('error', fail);
  });
  if (chosen !== spdyTunnelProtocol) {
    ws.on('error', () => undefined);
    ws.close();
    throw new SpdyRefused(`the API server did not accept the ${spdyTunnelProtocol} subprotocol`);
  }
  return new SpdySession(ws);
}

