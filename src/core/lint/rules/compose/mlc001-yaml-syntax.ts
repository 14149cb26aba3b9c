import type { ComposeRule } from '../../compose/rule';
import { finding } from './helpers';

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
    description: 'YAML parse error, duplicate mapping key, or tab indentation in a Compose file.',
  },
  check(ctx) {
    return ctx.document.issues.map((issue) => {
      const what = issue.code === 'DUPLICATE_KEY' ? 'Duplicate mapping key (Compose refuses the file); remove or rename one of them.' : issue.code === 'TAB_AS_INDENT' ? 'Tab used for indentation; YAML indentation must use spaces.' : `YAML syntax error: ${issue.message.replace(/\s+/g, ' ')}; fix the YAML so \`compose up\` can read the file.`;
      return finding(issue.range, what);
    });
  },
};
