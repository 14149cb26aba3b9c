import type { Duplex } from 'node:stream';
import { ReceiveWindow, type SendWindows } from '../../core/kubernetes/spdy-flow';
import { dataFrame, dataFrameHeader, maxFrameLength, rstStatus, rstStreamFrame, synStreamFrame, type SpdyFrame } from '../../core/kubernetes/spdy-frames';
import { encodeHeaderBlock } from '../../core/kubernetes/spdy-headers';

/** What a forwarded connection needs from its session. */
export interface SessionLink {
  readonly windows: SendWindows;
  /** The receive window announced for every stream. */
  readonly receiveWindowSize: number;
  compressHeaders(block: Uint8Array): Uint8Array;
  /** Queues frame bytes; what is queued in one turn of the event loop goes out as one websocket message. */
  send(...parts: Uint8Array[]): void;
  /** False when the websocket is backed up; `resume` runs once it drained. */
  canSend(resume: () => void): boolean;
  /** The local socket cannot take more (true) or drained (false). */
  slowReader(conn: SpdyConnection, slow: boolean): void;
  /** Bytes of `streamId` handed to the local socket, for WINDOW_UPDATEs. */
  passedOn(streamId: number, bytes: number, streamDelta: number): void;
}

export interface StreamPair {
  errorId: number;
  dataId: number;
  port: number;
  requestId: number;
}

const empty = new Uint8Array(0);
/** Bytes a local socket may hold unsent before the session stops reading the websocket. */
const localHighWater = 1024 * 1024;

/**
 * One local connection carried as the error and data streams of a port-forward session (client-go's
 * handleConnection): the data stream carries the bytes both ways, the error stream (which the client
 * half-closes at once) carries the kubelet's message when it could not reach the port.
 */
export class SpdyConnection {
  readonly done: Promise<void>;
  private finish!: () => void;
  private queued: Uint8Array[] = [];
  private endQueued = false;
  private localEnded = false;
  private remoteEnded = false;
  private reset = false;
  private errorEnded = false;
  private errorText = '';
  private over = false;
  private slow = false;
  private replied = false;
  private readonly window: ReceiveWindow;

  constructor(
    private readonly link: SessionLink,
    private readonly socket: Duplex,
    private readonly ids: StreamPair,
    private readonly onError: (message: string) => void,
  ) {
    this.done = new Promise((resolve) => (this.finish = resolve));
    this.window = new ReceiveWindow(link.receiveWindowSize);
  }

  start(): void {
    const { errorId, dataId, port, requestId } = this.ids;
    const headers = (type: string) =>
      this.link.compressHeaders(encodeHeaderBlock([['streamtype', type], ['port', String(port)], ['requestid', String(requestId)]]));
    this.link.windows.open(dataId);
    this.link.send(synStreamFrame(errorId, headers('error')));
    this.link.send(dataFrame(errorId, empty, true));
    this.link.send(synStreamFrame(dataId, headers('data')));
    this.socket.on('data', (chunk: Buffer) => this.outgoing(chunk));
    this.socket.once('end', () => {
      this.endQueued = true;
      this.flush();
    });
    this.socket.on('drain', () => {
      if (this.slow) {
        this.slow = false;
        this.link.slowReader(this, false);
      }
    });
    this.socket.on('error', () => undefined);
    this.socket.once('close', () => this.closed());
  }

  private outgoing(chunk: Uint8Array): void {
    for (let at = 0; at < chunk.length; at += maxFrameLength) {
      this.queued.push(chunk.subarray(at, at + maxFrameLength));
    }
    this.flush();
  }

  /** Sends what the windows allow; the socket stays paused while anything waits. */
  private flush(): void {
    const { dataId } = this.ids;
    if (!this.replied && !this.over) {
      // As client-go: no data before the data stream's SYN_REPLY. kwok and the kubelet hand a data
      // frame to the stream's reader inside the frame worker, which waits until the pod end has
      // dialled the port: data sent ahead of that stalls the other streams of its worker.
      this.socket.pause();
      return;
    }
    for (let next = this.queued[0]; next && !this.over; next = this.queued[0]) {
      const n = this.link.windows.allowance(dataId, next.length);
      if (n === 0) {
        this.socket.pause();
        return;
      }
      if (n < next.length) {
        this.queued[0] = next.subarray(n);
      } else {
        this.queued.shift();
      }
      this.link.windows.sent(dataId, n);
      this.link.send(dataFrameHeader(dataId, n), n < next.length ? next.subarray(0, n) : next);
    }
    if (this.endQueued && !this.localEnded && !this.over) {
      this.localEnded = true;
      this.link.send(dataFrame(dataId, empty, true));
    }
    if (!this.link.canSend(() => this.resumeLocal())) {
      this.socket.pause();
    }
  }

  private resumeLocal(): void {
    if (this.queued.length === 0 && !this.over) {
      this.socket.resume();
    }
  }

  /** The peer opened a window: send what waited for it. */
  windowOpened(): void {
    if (this.queued.length > 0) {
      this.flush();
      this.resumeLocal();
    }
  }

  receive(f: SpdyFrame): void {
    const onError = f.type !== 'rstStream' && 'streamId' in f && f.streamId === this.ids.errorId;
    if (f.type === 'data' && onError) {
      this.errorText += Buffer.from(f.data).toString('utf8');
      if (f.fin) {
        this.errorStreamEnded();
      }
    } else if (f.type === 'data') {
      if (f.data.length > 0) {
        this.socket.write(f.data);
        this.link.passedOn(this.ids.dataId, f.data.length, this.window.consumed(f.data.length));
        // Stopping the whole session for one socket is costly: only once this one holds a lot.
        if (this.socket.writableLength > localHighWater && !this.slow) {
          this.slow = true;
          this.link.slowReader(this, true);
        }
      }
      if (f.fin) {
        this.remoteFinished();
      }
    } else if (f.type === 'rstStream') {
      if (f.streamId === this.ids.dataId) {
        this.reset = true;
        if (!this.errorText) {
          this.onError(`the pod end reset the connection (SPDY status ${f.status})`);
        }
        this.socket.destroy();
      } else {
        this.errorEnded = true;
      }
    } else if (f.type === 'synReply' && !onError && !f.fin) {
      this.replied = true;
      this.flush();
      this.resumeLocal();
    } else if ((f.type === 'synReply' || f.type === 'headers') && f.fin) {
      if (onError) {
        this.errorStreamEnded();
      } else {
        this.remoteFinished();
      }
    }
  }

  private remoteFinished(): void {
    this.remoteEnded = true;
    this.socket.end();
  }

  private errorStreamEnded(): void {
    this.errorEnded = true;
    if (this.errorText) {
      this.onError(this.errorText);
      this.socket.destroy();
    }
  }

  /** The session is gone: so is this connection. */
  sessionEnded(): void {
    this.reset = true;
    this.socket.destroy();
  }

  private closed(): void {
    if (this.over) {
      return;
    }
    this.over = true;
    const { dataId, errorId } = this.ids;
    // Closed before both sides ended: tell the pod end to drop its connection too.
    if (!this.reset && !(this.localEnded && this.remoteEnded)) {
      this.link.send(rstStreamFrame(dataId, rstStatus.cancel));
      if (!this.errorEnded) {
        this.link.send(rstStreamFrame(errorId, rstStatus.cancel));
      }
    }
    this.queued = [];
    this.link.windows.close(dataId);
    this.finish();
  }
}
