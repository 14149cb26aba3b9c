import { Writable } from 'node:stream';

/**
 * An exec's stdout for a TTY session: client-node sends a stream's `columns`/`rows` on the exec resize
 * channel (4 of v4.channel.k8s.io) when it starts, and again on every 'resize' event.
 */
export class TerminalOutput extends Writable {
  columns: number;
  rows: number;
  private readonly decoder = new TextDecoder('utf-8');

  constructor(
    private readonly onText: (text: string) => void,
    size: { columns: number; rows: number } = { columns: 80, rows: 24 },
  ) {
    super();
    this.columns = size.columns;
    this.rows = size.rows;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, cb: (error?: Error | null) => void): void {
    const text = this.decoder.decode(chunk, { stream: true });
    if (text) {
      this.onText(text);
    }
    cb();
  }

  /** The terminal's new size; announced only when it changed. */
  resize(columns: number, rows: number): void {
    if (columns < 1 || rows < 1 || (columns === this.columns && rows === this.rows)) {
      return;
    }
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}
