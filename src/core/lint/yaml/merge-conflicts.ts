import type { MergeConflict } from '../merge-conflicts';
import { mergeConflictsInLines } from '../merge-conflicts';
import type { YamlDocument, YamlFile, YamlIssue } from './parse';

export type { MergeConflict } from '../merge-conflicts';
export { mergeConflictMessage } from '../merge-conflicts';

const conflictsByFile = new WeakMap<YamlFile, readonly MergeConflict[]>();

/** The file's merge conflicts, found once per file (a plain text search rules out nearly every file). */
function conflictsOf(file: YamlFile): readonly MergeConflict[] {
  let found = conflictsByFile.get(file);
  if (found === undefined) {
    found = file.text.startsWith('<<<<<<<') || file.text.includes('\n<<<<<<<') ? mergeConflictsInLines(file.lines) : [];
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
