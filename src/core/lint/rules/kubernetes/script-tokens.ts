/** A shell word as written (quotes and `$(…)` kept), or an operator: `;` `&` `&&` `|` `||` `;;` `(` `)` or a line break. */
export interface ScriptToken {
  text: string;
  op: boolean;
}

const space = new Set([' ', '\t', '\r']);
const opChars = new Set([';', '&', '|', '(', ')', '\n']);
const twoCharOps = new Set(['&&', '||', ';;', '|&']);

/** The index after the single quote or backquote that closes the one at `k` (the end of the text when none does). */
function plainQuoteEnd(t: string, k: number): number {
  const close = t.indexOf(t[k] as string, k + 1);
  return close < 0 ? t.length : close + 1;
}

/** What a character opens inside quoted or substituted text: a closer to wait for, or undefined. */
function opener(t: string, k: number, inDoubleQuotes: boolean, closer: string | undefined): string | undefined {
  const c = t[k];
  if (c === '$' && (t[k + 1] === '(' || t[k + 1] === '{')) {
    return t[k + 1] === '(' ? ')' : '}';
  }
  if (inDoubleQuotes) {
    return undefined;
  }
  return c === '"' ? '"' : (c === '(' && closer === ')') || (c === '{' && closer === '}') ? closer : undefined;
}

/**
 * The index after the quoted or substituted text that starts at `k` (`'…'`, `"…"`, a backquote, `$(…)`, `${…}`),
 * nested ones inside it skipped; the end of the text when it is not closed. Iterative: any nesting depth is read.
 */
function nestedEnd(t: string, k: number): number {
  if (t[k] === "'" || t[k] === '`') {
    return plainQuoteEnd(t, k);
  }
  const closers: string[] = [];
  while (k < t.length) {
    const closer = closers[closers.length - 1];
    const inDoubleQuotes = closer === '"';
    const c = t[k] as string;
    const opens = closers.length === 0 && c === '"' ? '"' : opener(t, k, inDoubleQuotes, closer);
    if (c === '\\') {
      k += 2;
    } else if (opens !== undefined) {
      closers.push(opens);
      k += c === '$' ? 2 : 1;
    } else if (c === closer) {
      closers.pop();
      k++;
      if (closers.length === 0) {
        return k;
      }
    } else if (c === '`' || (c === "'" && !inDoubleQuotes)) {
      k = plainQuoteEnd(t, k);
    } else {
      k++;
    }
  }
  return t.length;
}

/** A `&` that belongs to a redirection (`2>&1`, `&>log`), not a background operator. */
function redirectionAmpersand(t: string, k: number, wordStart: number): boolean {
  return (k > wordStart && (t[k - 1] === '>' || t[k - 1] === '<')) || t[k + 1] === '>';
}

/** The end of the word starting at `k`. */
function wordEnd(t: string, k: number): number {
  const start = k;
  while (k < t.length) {
    const c = t[k] as string;
    if (space.has(c) || (opChars.has(c) && !(c === '&' && redirectionAmpersand(t, k, start)))) {
      return k;
    }
    if (c === '\\') {
      k += 2;
    } else if (c === "'" || c === '"' || c === '`' || (c === '$' && (t[k + 1] === '(' || t[k + 1] === '{'))) {
      k = nestedEnd(t, k);
    } else {
      k++;
    }
  }
  return k;
}

/**
 * A shell script's words and operators, in order: comments dropped, `\`-continued lines joined, quoted text and
 * `$(…)`, `${…}` and backquotes kept inside their words. Enough to follow a script's control flow; it never throws.
 */
export function scriptTokens(script: string): ScriptToken[] {
  const t = script.replace(/\\\r?\n/g, ' ');
  const out: ScriptToken[] = [];
  let k = 0;
  while (k < t.length) {
    const c = t[k] as string;
    if (space.has(c)) {
      k++;
    } else if (c === '#') {
      const end = t.indexOf('\n', k);
      k = end < 0 ? t.length : end;
    } else if (opChars.has(c) && !(c === '&' && t[k + 1] === '>')) {
      const two = t.slice(k, k + 2);
      const text = twoCharOps.has(two) ? two : c;
      out.push({ text, op: true });
      k += text.length;
    } else {
      const end = wordEnd(t, k);
      out.push({ text: t.slice(k, end), op: false });
      k = end;
    }
  }
  return out;
}
