import { buildkitWords, isGoSpace } from './heredoc-words';
import { MappedText } from './mapped-text';
import type { Heredoc } from './model';

export interface HeredocMarker {
  name: string;
  stripTabs: boolean;
  quoted: boolean;
  start: number;
  end: number;
}

/** BuildKit's reHeredoc: the whole word is an optional descriptor number, `<<`, an optional `-`, blanks and the name. */
const heredocWord = /^(\d*)<<(-?)[\t\n\f\r ]*([^<]*)$/;

/**
 * The heredoc markers among the words of `t` from `from` on, as BuildKit finds them: `<<` must start a word
 * (`3<<EOF` too, the marker starting at `<<`), so `cat<<EOF` and `$((1<<4))` open none, and the name is the rest of
 * the word with its quotes removed (`<<EOF;` is named `EOF;`). BuildKit lexes with `\` as the escape whatever `escape` is.
 */
export function findHeredocMarkers(t: string, from: number, _escape: string): HeredocMarker[] {
  const out: HeredocMarker[] = [];
  if (t.indexOf('<<', from) < 0) {
    return out; // most instructions: no marker can start anywhere
  }
  for (const word of buildkitWords(t)) {
    const match = word.start >= from ? heredocWord.exec(t.slice(word.start, word.end)) : null;
    const name = match?.[3] ? heredocName(match[3]) : undefined;
    if (match && name) {
      out.push({ name: name.text, stripTabs: match[2] === '-', quoted: name.quoted, start: word.start + (match[1] as string).length, end: word.end });
    }
  }
  return out;
}

/**
 * The name a marker closes on: the word after `<<` with its quotes and escapes removed (BuildKit's heredocFromMatch);
 * any quote makes the body literal. None where the word would split in two (a blank inside a `${...}`).
 */
function heredocName(rest: string): { text: string; quoted: boolean } | undefined {
  let text = '';
  let quoted = false;
  for (let k = 0; k < rest.length; k++) {
    const c = rest[k] as string;
    if (c === "'" || c === '"') {
      const close = closingQuote(rest, k);
      text += c === "'" ? rest.slice(k + 1, close) : rest.slice(k + 1, close).replace(/\\(["$\\])/g, '$1');
      quoted = true;
      k = close;
    } else if (c === '\\') {
      text += rest[++k] ?? '';
    } else if (isGoSpace(c)) {
      return undefined;
    } else {
      text += c;
    }
  }
  return text ? { text, quoted } : undefined;
}

/** Index of the quote closing the one at `k`; the word was lexed already, so it exists. */
function closingQuote(s: string, k: number): number {
  if (s[k] === "'") {
    return s.indexOf("'", k + 1);
  }
  let p = k + 1;
  while (p < s.length && s[p] !== '"') {
    p += s[p] === '\\' ? 2 : 1;
  }
  return p;
}

export function readHeredoc(m: HeredocMarker, args: MappedText, lines: string[], from: number): { heredoc: Heredoc; nextLine: number } {
  const parts: { text: string; line: number; column: number }[] = [];
  let j = from;
  let terminated = false;
  for (; j < lines.length; j++) {
    const raw = lines[j] ?? '';
    let col = 0;
    if (m.stripTabs) {
      while (raw[col] === '\t') {
        col++;
      }
    }
    const body = raw.slice(col);
    if (body === m.name) {
      terminated = true;
      j++;
      break;
    }
    if (parts.length > 0) {
      const prev = parts[parts.length - 1] as { text: string; line: number; column: number };
      parts.push({ text: '\n', line: prev.line, column: prev.column + prev.text.length });
    }
    parts.push({ text: body, line: j + 1, column: col + 1 });
  }
  const startLine = from + 1;
  const body = parts.length > 0 ? MappedText.build(parts) : MappedText.empty(startLine, 1);
  return {
    heredoc: {
      name: m.name,
      stripTabs: m.stripTabs,
      quoted: m.quoted,
      markerRange: args.range(m.start, m.end),
      body,
      terminated,
      endLine: Math.max(from, j),
    },
    nextLine: j,
  };
}
