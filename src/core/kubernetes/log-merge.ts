import { LineSplitter } from './log-lines';

/** ANSI foreground colours for source prefixes, in the order sources join. */
const palette = [36, 32, 33, 35, 34, 96, 92, 93, 95, 94] as const;
const reset = '\x1b[0m';
const dim = (text: string) => `\x1b[2m${text}${reset}\r\n`;

const timestamped = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z (.*)$/s;

/** A line from the API server asked for timestamps, split into its RFC 3339 time and text. */
export function splitTimestamp(line: string): { timestamp?: string; order?: string; text: string } {
  const m = timestamped.exec(line);
  if (!m) {
    return { text: line };
  }
  const [, seconds, fraction = '', text = ''] = m;
  const timestamp = line.slice(0, line.length - text.length - 1);
  return { timestamp, order: `${seconds!}.${fraction.padEnd(9, '0')}`, text };
}

export const sourceKey = (pod: string, container: string) => `${pod}/${container}`;

interface Source {
  prefix: string;
  splitter: LineSplitter;
  lastTimestamp?: string;
  lastOrder?: string;
  /** After a reconnect: lines up to this time were shown already. */
  skipThrough?: string;
}

/**
 * Merges many containers' log streams into one terminal's text. Each source's bytes are buffered
 * until a whole line is there, so lines never interleave mid-line; every line gets its source's
 * coloured `[pod/container]` prefix. The server is always asked for timestamps: they are what lets a
 * reconnect resume without repeating lines, and they are shown only when the user asked for them.
 */
export class LogMerger {
  private readonly sources = new Map<string, Source>();
  private joined = 0;

  constructor(private readonly options: { timestamps: boolean; prefixed: boolean }) {}

  add(pod: string, container: string): string {
    const key = sourceKey(pod, container);
    if (!this.sources.has(key)) {
      const colour = palette[this.joined++ % palette.length]!;
      this.sources.set(key, { prefix: `\x1b[${colour}m[${key}]${reset} `, splitter: new LineSplitter() });
    }
    return key;
  }

  /** Forgets a source (its pod ended): a new pod of the same name starts afresh. */
  remove(key: string): void {
    this.sources.delete(key);
  }

  /** Terminal text for the whole lines this chunk completes (empty while a line is unfinished). */
  write(key: string, chunk: Uint8Array | string): string {
    const s = this.sources.get(key);
    return s ? this.render(s, s.splitter.push(chunk)) : '';
  }

  /** The stream ended: its unfinished last line, if any. */
  end(key: string): string {
    const s = this.sources.get(key);
    return s ? this.render(s, s.splitter.flush()) : '';
  }

  /** The RFC 3339 time of the last line shown from this source (to resume from after a reconnect). */
  lastTimestamp(key: string): string | undefined {
    return this.sources.get(key)?.lastTimestamp;
  }

  /** The next stream of this source starts again at lastTimestamp: drop the lines already shown. */
  resume(key: string): void {
    const s = this.sources.get(key);
    if (s?.lastOrder) {
      s.skipThrough = s.lastOrder;
    }
  }

  /** A dim line about one source (or, without a key, the whole view). */
  notice(text: string, key?: string): string {
    const s = key ? this.sources.get(key) : undefined;
    return `${s && this.options.prefixed ? s.prefix : ''}${dim(text)}`;
  }

  private render(s: Source, lines: string[]): string {
    let out = '';
    for (const line of lines) {
      const { timestamp, order, text } = splitTimestamp(line);
      if (order !== undefined) {
        if (s.skipThrough !== undefined && order <= s.skipThrough) {
          continue;
        }
        s.skipThrough = undefined;
        s.lastTimestamp = timestamp;
        s.lastOrder = order;
      }
      // A carriage return redraws the line (progress bars): keep what a terminal would end up showing.
      const shown = text.slice(text.lastIndexOf('\r') + 1);
      const time = this.options.timestamps && timestamp ? `${timestamp} ` : '';
      out += `${this.options.prefixed ? s.prefix : ''}${time}${shown}${shown.includes('\x1b') ? reset : ''}\r\n`;
    }
    return out;
  }
}
