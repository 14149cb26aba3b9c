import { MappedText } from './mapped-text';
import type { Heredoc } from './model';

export interface HeredocMarker {
  name: string;
  stripTabs: boolean;
  quoted: boolean;
  start: number;
  end: number;
}

/** Finds `<<EOF`, `<<-EOF`, `<<"EOF"` and `<<'EOF'` outside quotes (not `<<<`). */
export function findHeredocMarkers(t: string, from: number, escape: string): HeredocMarker[] {
  const out: HeredocMarker[] = [];
  if (t.indexOf('<<', from) < 0) {
    return out; // most instructions: no marker can start anywhere
  }
  let quote: string | undefined;
  for (let k = from; k < t.length; k++) {
    const c = t[k];
    if (quote !== undefined) {
      if (c === quote) {
        quote = undefined;
      } else if (quote === '"' && c === escape) {
        k++;
      }
      continue;
    }
    if (c === escape) {
      k++;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      continue;
    }
    if (c !== '<' || t[k + 1] !== '<' || t[k + 2] === '<' || (k > 0 && t[k - 1] === '<')) {
      continue;
    }
    let p = k + 2;
    const stripTabs = t[p] === '-';
    if (stripTabs) {
      p++;
    }
    const q = t[p] === '"' || t[p] === "'" ? t[p] : undefined;
    if (q) {
      p++;
    }
    const nameStart = p;
    while (p < t.length && /[A-Za-z0-9_.-]/.test(t[p] as string)) {
      p++;
    }
    if (p === nameStart || (stripTabs && p === nameStart)) {
      continue;
    }
    const name = t.slice(nameStart, p);
    if (q) {
      if (t[p] !== q) {
        continue;
      }
      p++;
    }
    out.push({ name, stripTabs, quoted: q !== undefined, start: k, end: p });
    k = p - 1;
  }
  return out;
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
