import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { mergeConflictMessage, mergeConflictsIn } from '../../yaml/merge-conflicts';
import { finding } from './helpers';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK001',
    name: 'yaml-syntax',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: {},
    description: 'YAML parse error, unresolved merge conflict, duplicate mapping key, or tab indentation.',
  },
  check(ctx) {
    // Built with push like the other rules' results (a .map result is a holey array, a map the caller's optimised loop has not seen).
    const out: RuleFinding[] = [];
    // An unresolved merge conflict is reported once, without the parser errors its marker lines cause.
    const { conflicts, issues } = mergeConflictsIn(ctx.file, ctx.document);
    for (const conflict of conflicts) {
      out.push(finding(conflict.marker, mergeConflictMessage(conflict)));
    }
    for (const issue of issues) {
      const what = issue.code === 'DUPLICATE_KEY' ? 'Duplicate mapping key (the API server keeps only one); remove or rename one of them.' : issue.code === 'TAB_AS_INDENT' ? 'Tab used for indentation; YAML indentation must use spaces.' : `YAML syntax error: ${issue.message.replace(/\s+/g, ' ')}; fix the YAML so the manifest can be applied.`;
      out.push(finding(issue.range, what));
    }
    return out;
  },
};
