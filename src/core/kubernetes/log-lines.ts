/** Longest line kept whole; a longer one is cut into pieces of this many characters. */
export const maxLineLength = 16_384;

/**
 * Turns one stream's chunks into whole lines: a character split across chunks is decoded once it is
 * complete, a line waits for its newline (LF or CRLF), and a line that never ends is cut at
 * `maxLength` so one source cannot hold memory or the terminal hostage.
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  private partial = '';

  constructor(private readonly maxLength = maxLineLength) {}

  push(chunk: Uint8Array | string): string[] {
    const text = this.partial + (typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true }));
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    const lines = parts.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    while (this.partial.length > this.maxLength) {
      lines.push(this.partial.slice(0, this.maxLength));
      this.partial = this.partial.slice(this.maxLength);
    }
    return lines;
  }

  /** The unfinished last line, if any (the stream ended without a newline). */
  flush(): string[] {
    const rest = (this.partial + this.decoder.decode()).replace(/\r$/, '');
    this.partial = '';
    return rest ? [rest] : [];
  }
}
