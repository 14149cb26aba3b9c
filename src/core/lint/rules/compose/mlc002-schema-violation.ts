import type { ComposeRule } from '../../compose/rule';
import { composeSchemaIssues } from '../../compose/schema';
import { schemaHint } from '../../compose/schema-hints';
import { finding } from './helpers';

export const rule: ComposeRule = {
  meta: {
    id: 'MLC002',
    name: 'schema-violation',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { dclint: ['invalid-schema'] },
    description: 'The compose-spec schema rejects the file: unknown key, wrong type, or missing required field.',
  },
  check(ctx) {
    // The schema walk expands aliases: it only runs when no document of the file was refused (alias bombs).
    if (ctx.document.issues.length > 0 || ctx.file.documents.some((d) => d.skipped !== undefined)) {
      return [];
    }
    const { startLine, endLine } = ctx.document;
    return composeSchemaIssues(ctx.file)
      .filter((i) => i.range.start.line >= startLine && i.range.start.line <= endLine)
      .map((i) => finding(i.range, `${i.message.replace(/\.$/, '')}; Compose rejects the file as written, so ${schemaHint(i) ?? 'fix it to match the compose specification'}.`));
  },
};
