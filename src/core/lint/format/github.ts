import type { RuleMeta, Severity } from '../types';
import { printableLine } from './printable';
import type { LintedFile } from './report';
import { writeLinePerFinding } from './text';

const commandOf: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/** A workflow command's message: `%`, CR and LF escaped as the Actions toolkit does (control characters are already escapes). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: as data, and `:` and `,` too, which end a value. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * `--format github`: one GitHub Actions workflow command per finding
 * (`::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=MLK101 privileged-container::message`),
 * which the runner turns into annotations on the pull request's files, with no code-scanning upload
 * (SARIF needs GitHub Advanced Security on private repositories). Errors are `error`, warnings
 * `warning`, info and hints `notice`. Paths are as given, relative to the working directory: run it from
 * the repository root. A finding always fits one line, so nothing in a file can start a command of its own.
 */
export function writeGithub(files: readonly LintedFile[], metaById: ReadonlyMap<string, RuleMeta>, write: (piece: string) => void): void {
  writeLinePerFinding(files, (file, { range, ruleId, severity, message }) => {
    const name = metaById.get(ruleId)?.name;
    const where = `file=${escapeProperty(printableLine(file))},line=${range.start.line},col=${range.start.column},endLine=${range.end.line},endColumn=${range.end.column}`;
    return `::${commandOf[severity]} ${where},title=${escapeProperty(name ? `${ruleId} ${name}` : ruleId)}::${escapeData(printableLine(message))}\n`;
  }, write);
}

/** The whole text writeGithub writes. */
export function renderGithub(files: readonly LintedFile[], metaById: ReadonlyMap<string, RuleMeta>): string {
  const pieces: string[] = [];
  writeGithub(files, metaById, (piece) => pieces.push(piece));
  return pieces.join('');
}
