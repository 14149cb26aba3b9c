export type StreamName = 'stdin' | 'stdout' | 'stderr';

export interface StreamFrame {
  stream: StreamName;
  data: Uint8Array;
}

const names: Record<number, StreamName> = { 0: 'stdin', 1: 'stdout', 2: 'stderr' };

/**
 * Splits the engine's multiplexed attach/logs stream (non-TTY containers) into frames: an 8-byte
 * header [stream, 0, 0, 0, size (big-endian u32)] and `size` bytes. Chunks may cut frames anywhere.
 */
export class StreamDemuxer {
  private buffer = new Uint8Array(0);

  push(chunk: Uint8Array): StreamFrame[] {
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer, 0);
    joined.set(chunk, this.buffer.length);
    const frames: StreamFrame[] = [];
    let offset = 0;
    while (joined.length - offset >= 8) {
      const type = joined[offset] ?? 0;
      const size = (((joined[offset + 4] ?? 0) << 24) >>> 0) + ((joined[offset + 5] ?? 0) << 16) + ((joined[offset + 6] ?? 0) << 8) + (joined[offset + 7] ?? 0);
      if (joined.length - offset - 8 < size) {
        break;
      }
      frames.push({ stream: names[type] ?? 'stdout', data: joined.slice(offset + 8, offset + 8 + size) });
      offset += 8 + size;
    }
    this.buffer = joined.slice(offset);
    return frames;
  }

  /** Bytes still waiting for the rest of their frame. */
  get pendingBytes(): number {
    return this.buffer.length;
  }
}

/** Terminal output wants CRLF: turns lone LFs into CRLF and leaves existing CRLFs alone. */
export function toTerminalText(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}
