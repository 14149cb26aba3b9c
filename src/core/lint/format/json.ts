import type { JsonFinding, LintedFile } from './report';
import { sortedEntries } from './report';

/** `--format json`: exactly the keys of §10.1, 1-based, end exclusive. */
export function toJsonFindings(files: readonly LintedFile[]): JsonFinding[] {
  return sortedEntries(files).map(({ file, finding }) => ({
    file: file.file,
    line: finding.range.start.line,
    column: finding.range.start.column,
    endLine: finding.range.end.line,
    endColumn: finding.range.end.column,
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
  }));
}

export function renderJson(files: readonly LintedFile[]): string {
  return `${JSON.stringify(toJsonFindings(files), null, 2)}\n`;
}
