import type { Range } from '../../../../../src/core/lint/types';

/** The text the linter positions refer to: a leading BOM is dropped, as the parser does. */
export function positionedText(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** Lines as the Dockerfile parser counts them (`\r?\n` ends a line; a lone `\r` does not). */
export function linesOf(text: string): string[] {
  return positionedText(text).split(/\r?\n/);
}

/** Why a range does not lie inside the text (1-based, end exclusive, end ≥ start), or undefined. */
export function rangeProblem(range: Range, lines: readonly string[]): string | undefined {
  const { start, end } = range;
  const ints = [start.line, start.column, end.line, end.column].every((n) => Number.isInteger(n));
  if (!ints) {
    return 'non-integer position';
  }
  if (start.line < 1 || end.line > lines.length) {
    return `line outside 1..${lines.length}`;
  }
  if (end.line < start.line || (end.line === start.line && end.column < start.column)) {
    return 'end before start';
  }
  const startLen = lines[start.line - 1]?.length ?? 0;
  const endLen = lines[end.line - 1]?.length ?? 0;
  if (start.column < 1 || start.column > startLen + 1) {
    return `start column ${start.column} outside 1..${startLen + 1}`;
  }
  if (end.column < 1 || end.column > endLen + 1) {
    return `end column ${end.column} outside 1..${endLen + 1}`;
  }
  return undefined;
}

/** Offsets where each line starts in `text` (already BOM-free), using the parser's line breaks. */
function lineStarts(text: string): number[] {
  const starts = [0];
  const re = /\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    starts.push(m.index + m[0].length);
  }
  return starts;
}

/** Applies non-overlapping edits (positions in `text`, BOM-free); later edits first, ties keep their order. */
export { applyTextEdits as applyEdits } from '../../../../../src/core/lint/apply-edits';

/** Inserts `line` before line number `before` (1-based), ending it like the file's first line break. */
export function insertLineBefore(text: string, before: number, line: string): string {
  const starts = lineStarts(text);
  const at = starts[before - 1] ?? text.length;
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  return text.slice(0, at) + line + eol + text.slice(at);
}
