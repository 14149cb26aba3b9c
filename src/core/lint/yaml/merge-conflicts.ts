import type { Range } from '../types';
import type { YamlDocument, YamlFile, YamlIssue } from './parse';

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

const conflictsByFile = new WeakMap<YamlFile, readonly MergeConflict[]>();

function scan(file: YamlFile): readonly MergeConflict[] {
  const out: MergeConflict[] = [];
  const lines = file.lines;
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
    out.push({ marker: { start: { line: i + 1, column: 1 }, end: { line: i + 1, column: text.length + 1 } }, startLine: i + 1, endLine: end + 1 });
    i = end;
  }
  return out;
}

/** The file's merge conflicts, found once per file (a plain text search rules out nearly every file). */
function conflictsOf(file: YamlFile): readonly MergeConflict[] {
  let found = conflictsByFile.get(file);
  if (found === undefined) {
    found = file.text.startsWith('<<<<<<<') || file.text.includes('\n<<<<<<<') ? scan(file) : [];
    conflictsByFile.set(file, found);
  }
  return found;
}

/** 1-based first and last line of the document's source, its `---` marker included. */
function documentLines(file: YamlFile, document: YamlDocument): [number, number] {
  const [start, end] = document.offsets;
  return [file.lineCounter.linePos(start).line, file.lineCounter.linePos(Math.max(start, end - 1)).line];
}

/**
 * The merge conflicts the document reports (those that begin in it, or reach into it from no earlier document), and its
 * YAML issues less the parser errors the conflicts cause: every parse error of a document a conflict reaches into, and
 * duplicate keys or tabs on the conflict's own lines (the two sides repeat the same keys).
 */
export function mergeConflictsIn(file: YamlFile, document: YamlDocument): { conflicts: readonly MergeConflict[]; issues: readonly YamlIssue[] } {
  const all = conflictsOf(file);
  if (all.length === 0) {
    return { conflicts: all, issues: document.issues };
  }
  const [first, last] = documentLines(file, document);
  const reaching = all.filter((c) => c.startLine <= last && c.endLine >= first);
  if (reaching.length === 0) {
    return { conflicts: reaching, issues: document.issues };
  }
  const earlier = file.documents.filter((d) => d.index < document.index);
  const reportedEarlier = (c: MergeConflict) => earlier.some((d) => {
    const [s, e] = documentLines(file, d);
    return c.startLine <= e && c.endLine >= s;
  });
  const inConflict = (issue: YamlIssue) => reaching.some((c) => issue.range.start.line >= c.startLine && issue.range.start.line <= c.endLine);
  return {
    conflicts: reaching.filter((c) => !reportedEarlier(c)),
    issues: document.issues.filter((issue) => (issue.code === 'DUPLICATE_KEY' || issue.code === 'TAB_AS_INDENT') && !inConflict(issue)),
  };
}

/** The one finding's message for a conflict. */
export function mergeConflictMessage(c: MergeConflict): string {
  return `Unresolved merge conflict (lines ${c.startLine}-${c.endLine}); keep the side you want and delete the <<<<<<<, ======= and >>>>>>> marker lines.`;
}
