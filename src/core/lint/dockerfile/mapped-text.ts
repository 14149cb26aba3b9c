import type { Position, Range } from '../types';

/** One run of characters that sits contiguously on one source line. */
interface Piece {
  offset: number;
  line: number;
  column: number;
  length: number;
}

/**
 * Text assembled from pieces of source lines (continuations joined, comment lines dropped),
 * which can map any offset back to its exact source position.
 */
export class MappedText {
  private constructor(
    readonly text: string,
    private readonly pieces: readonly Piece[],
  ) {}

  static empty(line: number, column: number): MappedText {
    return new MappedText('', [{ offset: 0, line, column, length: 0 }]);
  }

  /** The parts joined, less the first `skip` characters of the first part (fewer than it has). */
  static build(parts: readonly { text: string; line: number; column: number }[], skip = 0): MappedText {
    let text = '';
    const pieces: Piece[] = [];
    for (let k = 0; k < parts.length; k++) {
      const part = parts[k] as { text: string; line: number; column: number };
      const from = k === 0 ? skip : 0;
      const length = part.text.length - from;
      if (length <= 0) {
        continue;
      }
      pieces.push({ offset: text.length, line: part.line, column: part.column + from, length });
      text += from === 0 ? part.text : part.text.slice(from);
    }
    if (pieces.length === 0) {
      const first = parts[0];
      pieces.push({ offset: 0, line: first?.line ?? 1, column: first?.column ?? 1, length: 0 });
    }
    return new MappedText(text, pieces);
  }

  /** Position of the character at `offset` (or just after the last character when offset = length). */
  posAt(offset: number): Position {
    return this.positionAfter(offset, 0);
  }

  /** The position `shift` columns after the character at `offset` (one object, no intermediate). */
  private positionAfter(offset: number, shift: number): Position {
    const pieces = this.pieces;
    if (offset >= this.text.length) {
      const last = pieces[pieces.length - 1] as Piece;
      return { line: last.line, column: last.column + last.length + shift };
    }
    let lo = 0;
    let hi = pieces.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((pieces[mid] as Piece).offset <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    const p = pieces[lo] as Piece;
    return { line: p.line, column: p.column + (offset - p.offset) + shift };
  }

  /** Range of [start, end); an empty span is widened to one character where possible. */
  range(start: number, end: number): Range {
    const s = Math.max(0, Math.min(start, this.text.length));
    let e = Math.max(s, Math.min(end, this.text.length));
    if (e === s && e < this.text.length) {
      e = s + 1;
    }
    if (e === s) {
      const p = this.posAt(s);
      return { start: p, end: { line: p.line, column: p.column + 1 } };
    }
    return { start: this.positionAfter(s, 0), end: this.positionAfter(e - 1, 1) };
  }

  slice(start: number, end = this.text.length): MappedText {
    const s = Math.max(0, Math.min(start, this.text.length));
    const e = Math.max(s, Math.min(end, this.text.length));
    const parts: Piece[] = [];
    for (const p of this.pieces) {
      const ps = Math.max(p.offset, s);
      const pe = Math.min(p.offset + p.length, e);
      if (pe > ps) {
        parts.push({ offset: ps - s, line: p.line, column: p.column + (ps - p.offset), length: pe - ps });
      }
    }
    if (parts.length === 0) {
      const pos = this.posAt(s);
      parts.push({ offset: 0, line: pos.line, column: pos.column, length: 0 });
    }
    return new MappedText(this.text.slice(s, e), parts);
  }
}
