import type { Range } from '../types';
import { isSpace } from './chars';
import type { MappedText } from './mapped-text';
import type { Word } from './model';

/** A word whose range is computed only when asked for (most words never need one). */
class LazyWord implements Word {
  private cached: Range | undefined;
  unterminatedQuote?: boolean;
  constructor(
    private readonly mt: MappedText,
    readonly raw: string,
    readonly value: string,
    readonly start: number,
    readonly end: number,
  ) {}
  get range(): Range {
    return (this.cached ??= this.mt.range(this.start, this.end));
  }
}

/** The next whitespace-separated word at or after `from`, or undefined at the end. */
export function nextWord(mt: MappedText, from: number, escape: string): Word | undefined {
  const t = mt.text;
  let k = from;
  while (k < t.length && isSpace(t[k])) {
    k++;
  }
  if (k >= t.length) {
    return undefined;
  }
  const start = k;
  let value = '';
  let quote: string | undefined;
  while (k < t.length) {
    const c = t[k] as string;
    if (quote !== undefined) {
      if (c === quote) {
        quote = undefined;
        k++;
      } else if (quote === '"' && c === escape && k + 1 < t.length) {
        value += t[k + 1];
        k += 2;
      } else {
        const run = k;
        k = quotedRunEnd(t, k + 1, quote, escape);
        value += t.slice(run, k);
      }
    } else if (isSpace(c)) {
      break;
    } else if (c === '"' || c === "'") {
      quote = c;
      k++;
    } else if (c === escape && k + 1 < t.length) {
      value += t[k + 1];
      k += 2;
    } else {
      // Plain characters are copied as one slice: most words are entirely plain.
      const run = k;
      k = plainRunEnd(t, k + 1, escape);
      value = value === '' ? t.slice(run, k) : value + t.slice(run, k);
    }
  }
  const word = new LazyWord(mt, t.slice(start, k), value, start, k);
  if (quote !== undefined) {
    word.unterminatedQuote = true;
  }
  return word;
}

/** The end of the run of characters from `k` that a quoted word copies as they are. */
function quotedRunEnd(t: string, from: number, quote: string, escape: string): number {
  let k = from;
  while (k < t.length && t[k] !== quote && !(quote === '"' && t[k] === escape)) {
    k++;
  }
  return k;
}

/** The end of the run of unquoted characters from `k` that a word copies as they are. */
function plainRunEnd(t: string, from: number, escape: string): number {
  let k = from;
  for (let c = t[k]; k < t.length && !isSpace(c) && c !== '"' && c !== "'" && c !== escape; c = t[++k]) {
    // plain character
  }
  return k;
}

/** Splits on unquoted whitespace; `value` has quotes removed and escapes applied. */
export function tokenizeWords(mt: MappedText, from: number, escape: string): Word[] {
  const words: Word[] = [];
  let k = from;
  for (;;) {
    const w = nextWord(mt, k, escape);
    if (!w) {
      return words;
    }
    words.push(w);
    k = w.end;
  }
}
