import type { Finding } from '../types';

/** Findings of one linted file; `file` is relative to the working directory with `/` separators. */
export interface LintedFile {
  file: string;
  findings: Finding[];
  /** Source lines (for SARIF fingerprints). */
  lines: string[];
}

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  severity: string;
  message: string;
}

/** Deterministic order: file, line, column, rule ID. */
export function sortedEntries(files: readonly LintedFile[]): { file: LintedFile; finding: Finding }[] {
  const entries = files.flatMap((file) => file.findings.map((finding) => ({ file, finding })));
  entries.sort(
    (a, b) =>
      (a.file.file < b.file.file ? -1 : a.file.file > b.file.file ? 1 : 0) ||
      a.finding.range.start.line - b.finding.range.start.line ||
      a.finding.range.start.column - b.finding.range.start.column ||
      a.finding.ruleId.localeCompare(b.finding.ruleId),
  );
  return entries;
}
