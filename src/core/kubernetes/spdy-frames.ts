// SPDY/3.1 framing, as kubelet, kwok and the API server's port-forward tunnel speak it (moby/spdystream):
// encoders for the frames a port-forward client sends and an incremental reader for what comes back.

export const spdyVersion = 3;
export const flagFin = 0x01;
export const defaultWindow = 65_536;
export const settingsInitialWindowSize = 7;
/** The largest payload a frame's 24-bit length can carry. */
export const maxFrameLength = 0xff_ffff;

export const frameTypes = { synStream: 1, synReply: 2, rstStream: 3, settings: 4, ping: 6, goAway: 7, headers: 8, windowUpdate: 9 } as const;

export const rstStatus = { protocolError: 1, invalidStream: 2, refusedStream: 3, cancel: 5, internalError: 6, flowControlError: 7 } as const;

export interface SettingsEntry {
  id: number;
  flags: number;
  value: number;
}

export type SpdyFrame =
  | { type: 'data'; streamId: number; fin: boolean; data: Uint8Array }
  | { type: 'synStream'; streamId: number; fin: boolean; headerBlock: Uint8Array }
  | { type: 'synReply'; streamId: number; fin: boolean; headerBlock: Uint8Array }
  | { type: 'headers'; streamId: number; fin: boolean; headerBlock: Uint8Array }
  | { type: 'rstStream'; streamId: number; status: number }
  | { type: 'settings'; entries: SettingsEntry[] }
  | { type: 'ping'; id: number }
  | { type: 'goAway'; lastGoodStreamId: number; status: number }
  | { type: 'windowUpdate'; streamId: number; delta: number }
  | { type: 'unknown'; frameType: number };

function controlFrame(type: number, flags: number, payloadLength: number): { frame: Uint8Array; view: DataView } {
  const frame = new Uint8Array(8 + payloadLength);
  const view = new DataView(frame.buffer);
  view.setUint16(0, 0x8000 | spdyVersion);
  view.setUint16(2, type);
  view.setUint32(4, ((flags & 0xff) << 24) | payloadLength);
  return { frame, view };
}

/** SYN_STREAM with an already compressed header block; priority 0, no associated stream. */
export function synStreamFrame(streamId: number, headerBlock: Uint8Array, fin = false): Uint8Array {
  const { frame, view } = controlFrame(frameTypes.synStream, fin ? flagFin : 0, 10 + headerBlock.length);
  view.setUint32(8, streamId & 0x7fff_ffff);
  view.setUint32(12, 0);
  view.setUint16(16, 0);
  frame.set(headerBlock, 18);
  return frame;
}

/** The 8 bytes in front of a data frame's payload, for senders that write the payload without copying it. */
export function dataFrameHeader(streamId: number, length: number, fin = false): Uint8Array {
  if (length > maxFrameLength) {
    throw new RangeError(`a SPDY data frame carries at most ${maxFrameLength} bytes`);
  }
  const header = new Uint8Array(8);
  const view = new DataView(header.buffer);
  view.setUint32(0, streamId & 0x7fff_ffff);
  view.setUint32(4, ((fin ? flagFin : 0) << 24) | length);
  return header;
}

export function dataFrame(streamId: number, data: Uint8Array, fin = false): Uint8Array {
  const frame = new Uint8Array(8 + data.length);
  frame.set(dataFrameHeader(streamId, data.length, fin));
  frame.set(data, 8);
  return frame;
}

export function rstStreamFrame(streamId: number, status: number): Uint8Array {
  const { frame, view } = controlFrame(frameTypes.rstStream, 0, 8);
  view.setUint32(8, streamId & 0x7fff_ffff);
  view.setUint32(12, status);
  return frame;
}

export function windowUpdateFrame(streamId: number, delta: number): Uint8Array {
  const { frame, view } = controlFrame(frameTypes.windowUpdate, 0, 8);
  view.setUint32(8, streamId & 0x7fff_ffff);
  view.setUint32(12, delta & 0x7fff_ffff);
  return frame;
}

export function pingFrame(id: number): Uint8Array {
  const { frame, view } = controlFrame(frameTypes.ping, 0, 4);
  view.setUint32(8, id);
  return frame;
}

export function goAwayFrame(lastGoodStreamId: number, status = 0): Uint8Array {
  const { frame, view } = controlFrame(frameTypes.goAway, 0, 8);
  view.setUint32(8, lastGoodStreamId & 0x7fff_ffff);
  view.setUint32(12, status);
  return frame;
}

export function settingsFrame(entries: SettingsEntry[]): Uint8Array {
  const { frame, view } = controlFrame(frameTypes.settings, 0, 4 + 8 * entries.length);
  view.setUint32(8, entries.length);
  entries.forEach((e, i) => {
    view.setUint32(12 + 8 * i, ((e.flags & 0xff) << 24) | (e.id & 0xff_ffff));
    view.setUint32(16 + 8 * i, e.value);
  });
  return frame;
}

function parseControl(type: number, flags: number, p: Uint8Array): SpdyFrame {
  const view = new DataView(p.buffer, p.byteOffset, p.byteLength);
  const fin = (flags & flagFin) !== 0;
  const need = (n: number) => {
    if (p.length < n) {
      throw new Error(`SPDY control frame type ${type} is ${p.length} bytes, shorter than its ${n}-byte fields`);
    }
  };
  switch (type) {
    case frameTypes.synStream:
      need(10);
      return { type: 'synStream', streamId: view.getUint32(0) & 0x7fff_ffff, fin, headerBlock: p.subarray(10) };
    case frameTypes.synReply:
    case frameTypes.headers:
      need(4);
      return { type: type === frameTypes.synReply ? 'synReply' : 'headers', streamId: view.getUint32(0) & 0x7fff_ffff, fin, headerBlock: p.subarray(4) };
    case frameTypes.rstStream:
      need(8);
      return { type: 'rstStream', streamId: view.getUint32(0) & 0x7fff_ffff, status: view.getUint32(4) };
    case frameTypes.settings: {
      need(4);
      const count = view.getUint32(0);
      need(4 + 8 * count);
      const entries = Array.from({ length: count }, (_, i) => {
        const word = view.getUint32(4 + 8 * i);
        return { flags: word >>> 24, id: word & 0xff_ffff, value: view.getUint32(8 + 8 * i) };
      });
      return { type: 'settings', entries };
    }
    case frameTypes.ping:
      need(4);
      return { type: 'ping', id: view.getUint32(0) };
    case frameTypes.goAway:
      need(4);
      return { type: 'goAway', lastGoodStreamId: view.getUint32(0) & 0x7fff_ffff, status: p.length >= 8 ? view.getUint32(4) : 0 };
    case frameTypes.windowUpdate:
      need(8);
      return { type: 'windowUpdate', streamId: view.getUint32(0) & 0x7fff_ffff, delta: view.getUint32(4) & 0x7fff_ffff };
    default:
      return { type: 'unknown', frameType: type };
  }
}

/**
 * Cuts a byte stream that arrives in arbitrary pieces (websocket messages) into frames. A data frame's
 * payload is handed on as it arrives, as views of the pieces (no copy): one data frame may come out
 * as several, the FIN flag on the last.
 */
export class FrameReader {
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  /** Inside a data frame's payload: the bytes still to come, its stream and its FIN flag. */
  private dataLeft = 0;
  private dataStream = 0;
  private dataFin = false;

  push(chunk: Uint8Array): SpdyFrame[] {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const frames: SpdyFrame[] = [];
    for (;;) {
      if (this.dataLeft > 0) {
        if (this.buffered === 0) {
          return frames;
        }
        const data = this.takeView(this.dataLeft);
        this.dataLeft -= data.length;
        frames.push({ type: 'data', streamId: this.dataStream, fin: this.dataLeft === 0 && this.dataFin, data });
        continue;
      }
      if (this.buffered < 8) {
        return frames;
      }
      const head = this.peek(8);
      const view = new DataView(head.buffer, head.byteOffset, 8);
      const length = view.getUint32(4) & 0xff_ffff;
      const flags = view.getUint8(4);
      const first = view.getUint32(0);
      if (!(first & 0x8000_0000)) {
        this.take(8);
        this.dataStream = first & 0x7fff_ffff;
        this.dataFin = (flags & flagFin) !== 0;
        this.dataLeft = length;
        if (length === 0) {
          frames.push({ type: 'data', streamId: this.dataStream, fin: this.dataFin, data: new Uint8Array(0) });
        }
        continue;
      }
      if (this.buffered < 8 + length) {
        return frames;
      }
      const version = (first >>> 16) & 0x7fff;
      if (version !== spdyVersion) {
        throw new Error(`SPDY version ${version} frame received; only version ${spdyVersion} is spoken`);
      }
      frames.push(parseControl(first & 0xffff, flags, this.take(8 + length).subarray(8)));
    }
  }

  /** Bytes held waiting for the rest of their (control) frame or header. */
  get pending(): number {
    return this.buffered;
  }

  private peek(n: number): Uint8Array {
    const first = this.chunks[0];
    return first && first.length >= n ? first : this.gather(n, false);
  }

  /** Up to `max` bytes from the first piece, as a view. */
  private takeView(max: number): Uint8Array {
    const first = this.chunks[0] ?? new Uint8Array(0);
    return this.take(Math.min(max, first.length));
  }

  private take(n: number): Uint8Array {
    const first = this.chunks[0];
    if (first && first.length >= n) {
      const out = first.subarray(0, n);
      if (first.length === n) {
        this.chunks.shift();
      } else {
        this.chunks[0] = first.subarray(n);
      }
      this.buffered -= n;
      return out;
    }
    return this.gather(n, true);
  }

  private gather(n: number, consume: boolean): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    let used = 0;
    for (const c of this.chunks) {
      if (filled >= n) {
        break;
      }
      const part = Math.min(c.length, n - filled);
      out.set(c.subarray(0, part), filled);
      filled += part;
      if (part < c.length) {
        if (consume) {
          this.chunks[used] = c.subarray(part);
        }
        break;
      }
      used++;
    }
    if (consume) {
      this.chunks.splice(0, used);
      this.buffered -= n;
    }
    return out;
  }
}
