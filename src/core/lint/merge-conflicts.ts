import type { Range } from './types';

/** An unresolved git merge conflict: `<<<<<<< ours` … `=======` … `>>>>>>> theirs`, each marker at the start of a line. */
export interface MergeConflict {
  /** The `<<<<<<<` line, where the conflict is reported. */
  marker: Range;
  /** 1-based lines of the opening and closing markers. */
  startLine: number;
  endLine: number;
}

const opening = /^<{7}(?: |\r?$)/;
/** The middle marker (diff3's `|||||||` base marker, when there is one, comes before it). */
const middle = /^={7}\r?$/;
const closing = /^>{7}(?: |\r?$)/;
const noConflicts: readonly MergeConflict[] = [];

/** The merge conflicts in a file's lines; an opening marker without its middle and closing lines is none. */
export function mergeConflictsInLines(lines: readonly string[]): readonly MergeConflict[] {
  let out: MergeConflict[] | undefined;
  for (let i = 0; i < lines.length; i++) {
    if (!opening.test(lines[i] as string)) {
      continue;
    }
    const mid = lines.findIndex((l, k) => k > i && middle.test(l));
    const end = mid < 0 ? -1 : lines.findIndex((l, k) => k > mid && closing.test(l));
    if (end < 0) {
      break;
    }
    const text = (lines[i] as string).replace(/\r$/, '');
    (out ??= []).push({ marker: { start: { line: i + 1, column: 1 }, end: { line: i + 1, column: text.length + 1 } }, startLine: i + 1, endLine: end + 1 });
    i = end;
  }
  return out ?? noConflicts;
}

/** The one finding's message for a conflict. */
export function mergeConflictMessage(c: MergeConflict): string {
  return `Unresolved merge conflict (lines ${c.startLine}-${c.endLine}); keep the side you want and delete the <<<<<<<, ======= and >>>>>>> marker lines.`;
}
