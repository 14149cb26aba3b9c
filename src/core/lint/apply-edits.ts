import type { TextEdit } from './types';

const bom = '\uFEFF';

/**
 * The text with the edits made (non-overlapping, any order). Positions are the linter's: 1-based lines
 * ended by `\n` (a CR before it belongs to no column), columns in UTF-16 code units, a leading BOM not
 * counted. Edits at the same position keep their order. Linear in the text and the edits.
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  if (text.startsWith(bom)) {
    return bom + applyTextEdits(text.slice(1), edits);
  }
  const starts = [0];
  for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) {
    starts.push(k + 1);
  }
  const offset = (line: number, column: number): number => Math.min(text.length, (starts[line - 1] ?? text.length) + column - 1);
  const located = edits.map((e, k) => ({ k, from: offset(e.range.start.line, e.range.start.column), to: offset(e.range.end.line, e.range.end.column), newText: e.newText }));
  located.sort((a, b) => a.from - b.from || a.k - b.k);
  const pieces: string[] = [];
  let at = 0;
  for (const e of located) {
    pieces.push(text.slice(at, Math.max(at, e.from)), e.newText);
    at = Math.max(at, e.to);
  }
  pieces.push(text.slice(at));
  return pieces.join('');
}
