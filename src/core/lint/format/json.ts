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

/**
 * About how many characters each piece handed to `write` holds: well below V8's large-object size
 * (128 KB) even in two bytes a character, so a piece dies young in the new space (pieces of 512
 * findings, ~180 KB, each went to the large-object space and brought full collections forward).
 */
const pieceLength = 32 * 1024;

/**
 * Each distinct string's JSON text, escaped once: rule IDs, severities and messages repeat across tens
 * of thousands of findings. The linters share one string object per distinct message (see
 * shared-message.ts), so a message is hashed once, not once per finding.
 */
function jsonStrings(): (value: string) => string {
  const cache = new Map<string, string>();
  return (value) => {
    let json = cache.get(value);
    if (json === undefined) {
      json = JSON.stringify(value);
      cache.set(value, json);
    }
    return json;
  };
}

/**
 * Writes the text of `JSON.stringify(toJsonFindings(files), null, 2)` and a line break, piece by piece:
 * a CI run can report tens of thousands of findings, and this builds no object per finding and keeps
 * no string per finding alive until the end (on the bench corpus half the report's time went to the
 * garbage collector copying them).
 */
export function writeJson(files: readonly LintedFile[], write: (piece: string) => void): void {
  const json = jsonStrings();
  let piece = '';
  let separator = '[\n';
  for (const { file, findings } of sortedFiles(files)) {
    const head = `  {\n    "file": ${JSON.stringify(file.file)},\n    "line": `;
    for (const { range, ruleId, severity, message } of findings) {
      piece +=
        `${separator}${head}${range.start.line},\n    "column": ${range.start.column},\n    "endLine": ${range.end.line},\n    "endColumn": ${range.end.column},\n` +
        `    "ruleId": ${json(ruleId)},\n    "severity": ${json(severity)},\n    "message": ${json(message)}\n  }`;
      separator = ',\n';
      if (piece.length >= pieceLength) {
        write(piece);
        piece = '';
      }
    }
  }
  write(`${piece}${separator === '[\n' ? '[]' : '\n]'}\n`);
}

/** The whole text writeJson writes. */
export function renderJson(files: readonly LintedFile[]): string {
  const pieces: string[] = [];
  writeJson(files, (piece) => pieces.push(piece));
  return pieces.join('');
}
