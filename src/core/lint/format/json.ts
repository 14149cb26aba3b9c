import type { Finding } from '../types';
import type { JsonFinding, LintedFile } from './report';
import { sortedEntries, sortedFiles } from './report';

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
 * The JSON text of what follows `endColumn` in a finding, up to the message's own text: rule IDs,
 * severities and messages repeat across tens of thousands of findings, so each is escaped once.
 */
function findingTails(): (finding: Finding) => string {
  const tails = new Map<string, Map<string, string>>();
  const messages = new Map<string, string>();
  return ({ ruleId, severity, message }) => {
    let bySeverity = tails.get(ruleId);
    if (!bySeverity) {
      bySeverity = new Map();
      tails.set(ruleId, bySeverity);
    }
    let tail = bySeverity.get(severity);
    if (tail === undefined) {
      tail = `,\n    "ruleId": ${JSON.stringify(ruleId)},\n    "severity": ${JSON.stringify(severity)},\n    "message": `;
      bySeverity.set(severity, tail);
    }
    let json = messages.get(message);
    if (json === undefined) {
      json = JSON.stringify(message);
      messages.set(message, json);
    }
    return tail + json;
  };
}

/**
 * Writes the text of `JSON.stringify(toJsonFindings(files), null, 2)` and a line break, piece by piece:
 * a CI run can report tens of thousands of findings, and this builds no object per finding and keeps
 * no string per finding alive until the end (on the bench corpus half the report's time went to the
 * garbage collector copying them).
 */
export function writeJson(files: readonly LintedFile[], write: (piece: string) => void): void {
  const tailOf = findingTails();
  let parts: string[] = [];
  let separator = '[\n';
  for (const { file, findings } of sortedFiles(files)) {
    const head = `  {\n    "file": ${JSON.stringify(file.file)},\n    "line": `;
    for (const finding of findings) {
      const { start, end } = finding.range;
      parts.push(`${separator}${head}${start.line},\n    "column": ${start.column},\n    "endLine": ${end.line},\n    "endColumn": ${end.column}${tailOf(finding)}\n  }`);
      separator = ',\n';
      if (parts.length >= findingsPerPiece) {
        write(parts.join(''));
        parts = [];
      }
    }
  }
  parts.push(separator === '[\n' ? '[]\n' : '\n]\n');
  write(parts.join(''));
}

/** The whole text writeJson writes. */
export function renderJson(files: readonly LintedFile[]): string {
  const pieces: string[] = [];
  writeJson(files, (piece) => pieces.push(piece));
  return pieces.join('');
}
