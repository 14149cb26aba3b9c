/** A `$(…)` or backtick command substitution, as offsets into the scanned text. */
export interface Substitution {
  start: number;
  end: number;
}

export interface SubstitutionScan {
  found: Substitution[];
  /** The scan stopped at a substitution that is never closed. */
  unclosed: boolean;
}

/**
 * Index of the `)` that closes a `$(` whose body starts at `from`, or -1. Each nested `$(` is a fresh
 * quoting context, as in a shell: `"$(dirname "$(readlink -f "$(which java)")")"` nests. Iterative, so
 * deep nesting cannot overflow the stack.
 */
function closingParen(t: string, from: number, to: number, escape: string): number {
  const frames = [{ quote: '', parens: 0 }];
  for (let k = from; k < to; k++) {
    const c = t[k];
    const f = frames[frames.length - 1] as { quote: string; parens: number };
    if (f.quote === "'") {
      f.quote = c === "'" ? '' : f.quote;
    } else if (c === escape) {
      k++;
    } else if (c === '$' && t[k + 1] === '(') {
      frames.push({ quote: '', parens: 0 });
      k++;
    } else if (c === '"') {
      f.quote = f.quote === '"' ? '' : '"';
    } else if (c === "'" && f.quote === '') {
      f.quote = "'";
    } else if (f.quote === '' && c === '(') {
      f.parens++;
    } else if (f.quote === '' && c === ')') {
      if (f.parens > 0) {
        f.parens--;
      } else {
        frames.pop();
        if (frames.length === 0) {
          return k;
        }
      }
    }
  }
  return -1;
}

function closingBacktick(t: string, from: number, to: number, escape: string): number {
  for (let k = from; k < to; k++) {
    if (t[k] === escape) {
      k++;
    } else if (t[k] === '`') {
      return k;
    }
  }
  return -1;
}

/**
 * Shell command substitutions in `t[from, to)`, which the builder keeps as literal text. Skipped: escaped
 * `\$(` (with the file's escape character), `$$`, single-quoted text (literal on purpose, e.g. for a later
 * `eval`), and backticks when backtick is the escape character. An unclosed substitution ends the scan.
 * `oneWord`: the scan ends at the first unquoted whitespace outside a substitution (the builder's word),
 * while a substitution itself may hold spaces (`PATH=$(pyenv root)/shims`).
 */
export function findCommandSubstitutions(t: string, from: number, to: number, escape: string, oneWord = false): SubstitutionScan {
  const out: Substitution[] = [];
  let quote = '';
  for (let k = from; k < to; k++) {
    const c = t[k] as string;
    if (oneWord && quote === '' && /\s/.test(c)) {
      break;
    }
    if (quote === "'") {
      quote = c === "'" ? '' : quote;
    } else if (c === escape) {
      k++;
    } else if (c === '"') {
      quote = quote === '"' ? '' : '"';
    } else if (c === "'" && quote === '') {
      quote = "'";
    } else if (c === '$' && t[k + 1] === '$') {
      k++;
    } else if (c === '$' && t[k + 1] === '(') {
      const close = closingParen(t, k + 2, to, escape);
      if (close < 0) {
        return { found: out, unclosed: true };
      }
      push(out, t, k, close + 1);
      k = close;
    } else if (c === '`') {
      const close = closingBacktick(t, k + 1, to, escape);
      if (close < 0) {
        return { found: out, unclosed: true };
      }
      push(out, t, k, close + 1);
      k = close;
    }
  }
  return { found: out, unclosed: false };
}

/** An empty `$()` or ` `` ` runs nothing, so it is not reported. */
function push(out: Substitution[], t: string, start: number, end: number): void {
  const body = t.slice(start + (t[start] === '$' ? 2 : 1), end - 1);
  if (body.trim() !== '') {
    out.push({ start, end });
  }
}
