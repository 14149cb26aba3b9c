import type { ComposeRule } from '../../compose/rule';
import { mergeConflictMessage, mergeConflictsIn } from '../../yaml/merge-conflicts';
import { finding } from './helpers';

/**
 * A repeated merge key (`<<: *a` then `<<: *b` in one mapping) is a duplicate key to Compose since v2.17 ("mapping key
 * "<<" already defined"): the anchors go in one list. Any other repeated key: one of the two must go.
 */
function duplicateKeyMessage(line: string, column: number): string {
  return line.startsWith('<<', column - 1)
    ? 'Repeated merge key << (Compose v2.17 and later refuse the file: mapping key "<<" already defined); merge the anchors in one list, e.g. <<: [*first, *second].'
    : 'Duplicate mapping key (Compose refuses the file); remove or rename one of them.';
}

export const rule: ComposeRule = {
  meta: {
    id: 'MLC001',
    name: 'yaml-syntax',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { dclint: ['invalid-yaml'] },
    description: 'YAML parse error, unresolved merge conflict, duplicate mapping key, or tab indentation in a Compose file.',
  },
  check(ctx) {
    // An unresolved merge conflict is reported once, without the parser errors its marker lines cause.
    const { conflicts, issues } = mergeConflictsIn(ctx.file, ctx.document);
    const reported = conflicts.map((conflict) => finding(conflict.marker, mergeConflictMessage(conflict)));
    return reported.concat(issues.map((issue) => {
      const what = issue.code === 'DUPLICATE_KEY' ? duplicateKeyMessage(ctx.file.lines[issue.range.start.line - 1] ?? '', issue.range.start.column) : issue.code === 'TAB_AS_INDENT' ? 'Tab used for indentation; YAML indentation must use spaces.' : `YAML syntax error: ${issue.message.replace(/\s+/g, ' ')}; fix the YAML so \`compose up\` can read the file.`;
      return finding(issue.range, what);
    }));
  },
};
