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

/**
 * The text of `JSON.stringify(toJsonFindings(files), null, 2)` and a line break, written directly: a
 * CI run can report tens of thousands of findings, and this skips building an object per finding.
 */
export function renderJson(files: readonly LintedFile[]): string {
  const entries = sortedEntries(files);
  if (entries.length === 0) {
    return '[]\n';
  }
  const parts: string[] = [];
  let lastFile: LintedFile | undefined;
  let fileJson = '';
  for (const { file, finding } of entries) {
    if (file !== lastFile) {
      lastFile = file;
      fileJson = JSON.stringify(file.file);
    }
    const { start, end } = finding.range;
    parts.push(
      `  {\n    "file": ${fileJson},\n    "line": ${start.line},\n    "column": ${start.column},\n    "endLine": ${end.line},\n    "endColumn": ${end.column},\n` +
        `    "ruleId": ${JSON.stringify(finding.ruleId)},\n    "severity": ${JSON.stringify(finding.severity)},\n    "message": ${JSON.stringify(finding.message)}\n  }`,
    );
  }
  return `[\n${parts.join(',\n')}\n]\n`;
}
