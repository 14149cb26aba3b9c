import type { DotEnv } from './interpolate';
import { interpolate } from './interpolate';

/**
 * Compose's `.env` syntax (compose-go's dotenv parser): `KEY=VALUE` or `KEY: VALUE`, an optional `export ` before the
 * key, `#` comment lines, ` #` comments after an unquoted value, single-quoted values taken as written, double-quoted
 * ones (which may span lines) with `\n`-style escapes; unquoted and double-quoted values interpolate `${OTHER}` from
 * the lines before (the shell is unknown, so a value built from a variable the file does not set is unknown), and a
 * `KEY` alone takes the shell's value (unknown too). Undefined where Compose refuses the file.
 */
export function parseDotenv(text: string): DotEnv | undefined {
  const out = new Map<string, string | undefined>();
  const src = text.replace(/^\uFEFF/, '');
  let i = 0;
  for (;;) {
    i = statementStart(src, i);
    if (i >= src.length) {
      return out;
    }
    const key = keyRe.exec(src.slice(i));
    if (!key || key[1] === undefined) {
      return undefined;
    }
    i += key[0].length;
    const name = key[1];
    if (key[2] === undefined) {
      out.set(name, undefined);
      continue;
    }
    const value = valueAt(src, i, out);
    if (!value) {
      return undefined;
    }
    // Keys starting with a digit are dropped (compose-go's ReadWithLookup).
    if (!/^\d/.test(name)) {
      out.set(name, value.text);
    }
    i = value.end;
  }
}

/** `export `, the key, then `=` or `:` (and blanks after it), or the end of the line for a key alone. */
const keyRe = /^(?:export[^\S\n]+)?([\p{L}\p{N}_.\-[\]]+)[^\S\n]*(?:([=:])[^\S\n]*|(?=\n|$))/u;

/** The index of the next statement: blanks, line breaks and `#` comment lines skipped. */
function statementStart(src: string, from: number): number {
  let i = from;
  for (;;) {
    while (i < src.length && /\s/.test(src[i] as string)) {
      i++;
    }
    if (src[i] !== '#') {
      return i;
    }
    const eol = src.indexOf('\n', i);
    i = eol < 0 ? src.length : eol;
  }
}

/** The value starting at `from` and the index after it; undefined for an unterminated quote. */
function valueAt(src: string, from: number, before: DotEnv): { text: string | undefined; end: number } | undefined {
  const quote = src[from];
  if (quote !== '"' && quote !== "'") {
    const eol = src.indexOf('\n', from);
    const end = eol < 0 ? src.length : eol;
    const line = src.slice(from, end);
    const comment = line.indexOf(' #');
    return { text: expand((comment < 0 ? line : line.slice(0, comment)).trimEnd(), before), end };
  }
  let raw = '';
  for (let i = from + 1; i < src.length; i++) {
    const c = src[i] as string;
    if (c === '\\' && i + 1 < src.length) {
      // An escaped quote loses its backslash; any other escape keeps it (for the double-quote escapes below).
      raw += src[i + 1] === quote ? quote : `\\${src[i + 1] as string}`;
      i++;
    } else if (c === quote) {
      return { text: quote === "'" ? raw : expand(unescape(raw), before), end: i + 1 };
    } else {
      raw += c;
    }
  }
  return undefined;
}

const escapes: Readonly<Record<string, string>> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', '\\': '\\', $: '$$' };

/** Double-quoted escapes; `\$` stays a literal dollar through interpolation (`$$`). */
function unescape(raw: string): string {
  return raw.replace(/\\([abfnrtv"\\$])/g, (_, c: string) => escapes[c] ?? c);
}

function expand(value: string, before: DotEnv): string | undefined {
  return value.includes('$') ? interpolate(value, before)?.value : value;
}
