/**
 * The shell words BuildKit's parser looks for heredoc markers in (heredocsFromLine in
 * frontend/dockerfile/parser/parser.go): its shell lexer with raw quotes and raw escapes, `\` as the escape
 * whatever the `# escape` directive says, and unset variables left as written. Quoted and escaped characters
 * never end a word; `<<` takes the blanks after it into its word (`<< EOF` is one word). Words are source spans.
 */

export interface SourceWord {
  start: number;
  end: number;
}

const blankAfterChevrons = new Set(['\t', '\r', ' ']);
const specialParameters = new Set(['@', '*', '#', '?', '-', '$', '!', '0']);
const nameChar = /[\p{L}\p{Nd}_]/u;
const digit = /\p{Nd}/u;

/** Go's unicode.IsSpace, of any character of `c` (one, from the lexers): compared by code, as it is asked of every character. */
export function isGoSpace(c: string): boolean {
  for (let k = 0; k < c.length; k++) {
    if (isGoSpaceCode(c.charCodeAt(k))) {
      return true;
    }
  }
  return false;
}

function isGoSpaceCode(code: number): boolean {
  if (code <= 0x20) {
    return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  }
  if (code < 0x85) {
    return false;
  }
  return code === 0x85 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000;
}

class WordCollector {
  readonly words: SourceWord[] = [];
  private current: SourceWord | undefined;

  /** A character that ends the word when it is a blank. */
  plain(at: number, c: string): void {
    if (isGoSpace(c)) {
      this.flush();
    } else {
      this.raw(at, at + 1);
    }
  }

  /** Quoted or escaped text: part of the word whatever it holds. */
  raw(start: number, end: number): void {
    if (this.current) {
      this.current.end = end;
    } else {
      this.current = { start, end };
    }
  }

  flush(): void {
    if (this.current) {
      this.words.push(this.current);
      this.current = undefined;
    }
  }
}

/** Thrown where BuildKit's lexer fails; heredocsFromLine then finds no heredoc on the line. */
class LexError extends Error {}

class Lexer {
  constructor(private readonly t: string) {}

  /** Lexes from `p` to the end (stop undefined) or to past `stop`, feeding top-level words to `out`. */
  run(p: number, stop: string | undefined, out?: WordCollector): number {
    const t = this.t;
    let k = p;
    while (k < t.length) {
      const c = t[k] as string;
      if (c === stop) {
        return k + 1;
      }
      if (c === '$') {
        const end = this.dollar(k);
        for (let i = k; i < end; i++) {
          out?.plain(i, t[i] as string);
        }
        k = end;
      } else if (c === '<' && t[k + 1] === '<') {
        let end = k + 2;
        while (end < t.length && blankAfterChevrons.has(t[end] as string)) {
          end++;
        }
        out?.raw(k, end);
        k = end;
      } else if (c === "'" || c === '"') {
        const end = c === "'" ? this.singleQuoted(k) : this.doubleQuoted(k);
        out?.raw(k, end);
        k = end;
      } else if (c === '\\') {
        const end = Math.min(k + 2, t.length);
        out?.raw(k, end);
        k = end;
      } else {
        out?.plain(k, c);
        k++;
      }
    }
    if (stop !== undefined) {
      throw new LexError();
    }
    return k;
  }

  private singleQuoted(k: number): number {
    const close = this.t.indexOf("'", k + 1);
    if (close < 0) {
      throw new LexError();
    }
    return close + 1;
  }

  private doubleQuoted(k: number): number {
    const t = this.t;
    let p = k + 1;
    while (p < t.length) {
      const c = t[p];
      if (c === '"') {
        return p + 1;
      }
      if (c === '$') {
        p = this.dollar(p);
      } else if (c === '\\' && (t[p + 1] === '"' || t[p + 1] === '$' || t[p + 1] === '\\')) {
        p += 2;
      } else {
        p++;
      }
    }
    throw new LexError();
  }

  /** End of the expansion at `k` (a `$`); BuildKit's processDollar, which fails on what it cannot expand. */
  private dollar(k: number): number {
    const t = this.t;
    if (t[k + 1] !== '{') {
      return this.name(k + 1);
    }
    const first = t[k + 2];
    if (first === undefined || first === '{' || first === '}' || first === ':') {
      throw new LexError();
    }
    let p = this.name(k + 2);
    const modifier = t[p++];
    switch (modifier) {
      case '}':
        return p;
      case ':': {
        const next = t[p++];
        if (next === '#' || next === '%') {
          throw new LexError();
        }
        return this.run(p, '}');
      }
      case '+':
      case '-':
      case '?':
      case '#':
      case '%':
        return this.run(p, '}');
      case '/':
        if (t[p] === '/') {
          p++;
        }
        return this.run(this.run(p, '/'), '}');
      default:
        throw new LexError();
    }
  }

  private name(p: number): number {
    const t = this.t;
    const first = t[p];
    if (first === undefined) {
      return p;
    }
    if (digit.test(first)) {
      let q = p;
      while (q < t.length && digit.test(t[q] as string)) {
        q++;
      }
      return q;
    }
    if (specialParameters.has(first)) {
      return p + 1;
    }
    let q = p;
    while (q < t.length && nameChar.test(t[q] as string)) {
      q++;
    }
    return q;
  }
}

/** BuildKit's words of `t`, or none where its lexer fails (an unclosed quote, a `${` it cannot read). */
export function buildkitWords(t: string): SourceWord[] {
  const out = new WordCollector();
  try {
    new Lexer(t).run(0, undefined, out);
  } catch (e) {
    if (e instanceof LexError) {
      return [];
    }
    throw e;
  }
  out.flush();
  return out.words;
}
