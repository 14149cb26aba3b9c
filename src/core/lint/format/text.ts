import type { Finding, RuleMeta } from '../types';
import { printableLine } from './printable';
import type { LintedFile } from './report';
import { sortedFiles } from './report';

/** Lines per piece handed to `write`, so no string per finding lives until the end. */
const linesPerPiece = 1024;

/** Writes `line(file, finding)` for every finding in report order, piece by piece. */
export function writeLinePerFinding(files: readonly LintedFile[], line: (file: string, finding: Finding) => string, write: (piece: string) => void): void {
  let lines: string[] = [];
  for (const { file, findings } of sortedFiles(files)) {
    for (const finding of findings) {
      lines.push(line(file.file, finding));
      if (lines.length >= linesPerPiece) {
        write(lines.join(''));
        lines = [];
      }
    }
  }
  if (lines.length > 0) {
    write(lines.join(''));
  }
}

/**
 * Writes `path:line:column: severity RULEID message [rule-name]`, one line per finding, piece by
 * piece; control characters in paths and messages are written as escapes.
 */
export function writeText(files: readonly LintedFile[], metaById: ReadonlyMap<string, RuleMeta>, write: (piece: string) => void): void {
  writeLinePerFinding(files, (file, finding) => {
    const name = metaById.get(finding.ruleId)?.name;
    return `${printableLine(file)}:${finding.range.start.line}:${finding.range.start.column}: ${finding.severity} ${finding.ruleId} ${printableLine(finding.message)}${name ? ` [${name}]` : ''}\n`;
  }, write);
}

/** The whole text writeText writes. */
export function renderText(files: readonly LintedFile[], metaById: ReadonlyMap<string, RuleMeta>): string {
  const pieces: string[] = [];
  writeText(files, metaById, (piece) => pieces.push(piece));
  return pieces.join('');
}
