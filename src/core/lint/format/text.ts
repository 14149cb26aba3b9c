import type { RuleMeta } from '../types';
import type { LintedFile } from './report';
import { sortedEntries } from './report';

/** `path:line:column: severity RULEID message [rule-name]`, one line per finding. */
export function renderText(files: readonly LintedFile[], metaById: ReadonlyMap<string, RuleMeta>): string {
  return sortedEntries(files)
    .map(({ file, finding }) => {
      const name = metaById.get(finding.ruleId)?.name;
      return `${file.file}:${finding.range.start.line}:${finding.range.start.column}: ${finding.severity} ${finding.ruleId} ${finding.message}${name ? ` [${name}]` : ''}\n`;
    })
    .join('');
}
