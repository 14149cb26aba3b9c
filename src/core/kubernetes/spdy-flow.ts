import { defaultWindow } from './spdy-frames';

/**
 * What may still be sent, per SPDY/3.1 stream and for the whole session. moby/spdystream (kubelet,
 * kwok, container runtimes) keeps no windows: it never sends WINDOW_UPDATE and reads whatever comes,
 * so windows are enforced only once the peer shows it keeps them (a WINDOW_UPDATE, or SETTINGS with an
 * initial window); until then waiting for an update that never comes would stall every stream at 64 KiB.
 */
export class SendWindows {
  private enforced = false;
  private initial = defaultWindow;
  private session = defaultWindow;
  private readonly streams = new Map<number, number>();

  open(streamId: number): void {
    this.streams.set(streamId, this.initial);
  }

  close(streamId: number): void {
    this.streams.delete(streamId);
  }

  get enforcing(): boolean {
    return this.enforced;
  }

  /** How many of `wanted` bytes may go on the stream now. */
  allowance(streamId: number, wanted: number): number {
    if (!this.enforced) {
      return wanted;
    }
    return Math.max(0, Math.min(wanted, this.streams.get(streamId) ?? 0, this.session));
  }

  /** Counted only once windows are enforced: what went before, the peer did not hold against us. */
  sent(streamId: number, bytes: number): void {
    if (!this.enforced) {
      return;
    }
    const w = this.streams.get(streamId);
    if (w !== undefined) {
      this.streams.set(streamId, w - bytes);
    }
    this.session -= bytes;
  }

  /** A WINDOW_UPDATE from the peer (stream 0: the session window). */
  update(streamId: number, delta: number): void {
    this.enforced = true;
    if (streamId === 0) {
      this.session += delta;
      return;
    }
    const w = this.streams.get(streamId);
    if (w !== undefined) {
      this.streams.set(streamId, w + delta);
    }
  }

  /** SETTINGS_INITIAL_WINDOW_SIZE: open streams' windows move by the change, as SPDY/3.1 says. */
  initialWindow(size: number): void {
    this.enforced = true;
    const change = size - this.initial;
    this.initial = size;
    for (const [id, w] of this.streams) {
      this.streams.set(id, w + change);
    }
  }
}

/**
 * The receiving side of one window: counts bytes handed on and says when to announce them, once half
 * the window is used, so the peer never waits on a full window and updates stay few.
 */
export class ReceiveWindow {
  private unannounced = 0;

  constructor(private readonly size = defaultWindow) {}

  /** Bytes passed on; returns the delta to send in a WINDOW_UPDATE now, or 0. */
  consumed(bytes: number): number {
    this.unannounced += bytes;
    if (this.unannounced < this.size / 2) {
      return 0;
    }
    const delta = this.unannounced;
    this.unannounced = 0;
    return delta;
  }
}
