import type { RuleMeta } from '../types';
import { printableLine } from './printable';
import type { LintedFile } from './report';
import { sortedFiles } from './report';

/** Lines per piece handed to `write`, so no string per finding lives until the end. */
const linesPerPiece = 1024;

/**
 * Writes `path:line:column: severity RULEID message [rule-name]`, one line per finding, piece by
 * piece; control characters in paths and messages are written as escapes.
 */
export function writeText(files: readonly LintedFile[], metaById: ReadonlyMap<string, RuleMeta>, write: (piece: string) => void): void {
  let lines: string[] = [];
  for (const { file, findings } of sortedFiles(files)) {
    const shown = printableLine(file.file);
    for (const finding of findings) {
      const name = metaById.get(finding.ruleId)?.name;
      lines.push(`${shown}:${finding.range.start.line}:${finding.range.start.column}: ${finding.severity} ${finding.ruleId} ${printableLine(finding.message)}${name ? ` [${name}]` : ''}\n`);
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

/** The whole text writeText writes. */
export function renderText(files: readonly LintedFile[], metaById: ReadonlyMap<string, RuleMeta>): string {
  const pieces: string[] = [];
  writeText(files, metaById, (piece) => pieces.push(piece));
  return pieces.join('');
}
