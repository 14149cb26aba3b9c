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

/** Findings per piece handed to `write`: the pieces die young instead of piling up until one big join. */
const findingsPerPiece = 512;

/**
 * Writes the text of `JSON.stringify(toJsonFindings(files), null, 2)` and a line break, piece by piece:
 * a CI run can report tens of thousands of findings, and this builds no object per finding and keeps
 * no string per finding alive until the end (on the bench corpus half the report's time went to the
 * garbage collector copying them).
 */
export function writeJson(files: readonly LintedFile[], write: (piece: string) => void): void {
  const entries = sortedEntries(files);
  if (entries.length === 0) {
    write('[]\n');
    return;
  }
  let parts: string[] = ['['];
  let lastFile: LintedFile | undefined;
  let fileJson = '';
  for (let i = 0; i < entries.length; i++) {
    const { file, finding } = entries[i] as (typeof entries)[number];
    if (file !== lastFile) {
      lastFile = file;
      fileJson = JSON.stringify(file.file);
    }
    const { start, end } = finding.range;
    parts.push(
      `${i === 0 ? '\n' : ',\n'}  {\n    "file": ${fileJson},\n    "line": ${start.line},\n    "column": ${start.column},\n    "endLine": ${end.line},\n    "endColumn": ${end.column},\n` +
        `    "ruleId": ${JSON.stringify(finding.ruleId)},\n    "severity": ${JSON.stringify(finding.severity)},\n    "message": ${JSON.stringify(finding.message)}\n  }`,
    );
    if (parts.length >= findingsPerPiece) {
      write(parts.join(''));
      parts = [];
    }
  }
  parts.push('\n]\n');
  write(parts.join(''));
}

/** The whole text writeJson writes. */
export function renderJson(files: readonly LintedFile[]): string {
  const pieces: string[] = [];
  writeJson(files, (piece) => pieces.push(piece));
  return pieces.join('');
}
