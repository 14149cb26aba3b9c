import type { Comment } from '../../dockerfile/model';
import { keyValues } from '../../dockerfile/kv';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import { toolCommentRe } from './pragma-comments';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD518',
    name: 'arg-description-format',
    family: 'style',
    severity: 'hint',
    enabledByDefault: false,
    fixable: false,
    ml: false,
    equivalents: { buildkit: ['InvalidDefinitionDescription'] },
    description: 'A comment directly above ARG or a named FROM is not in the form "# <name> <description>".',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    const byLine = new Map<number, Comment>();
    for (const c of model.parsed.comments) {
      if (!c.inContinuation) {
        byLine.set(c.line, c);
      }
    }
    for (const instr of model.parsed.instructions) {
      let name: string | undefined;
      if (instr.keyword === 'ARG') {
        const pairs = keyValues(instr);
        name = pairs.length === 1 ? pairs[0]?.key : undefined;
      } else if (instr.keyword === 'FROM' && instr.words[1]?.value.toUpperCase() === 'AS') {
        name = instr.words[2]?.value;
      }
      const above = byLine.get(instr.startLine - 1);
      if (name === undefined || !above || toolCommentRe.test(above.text)) {
        continue;
      }
      // The description is the comment block directly above; its first line must start with the name.
      let first = above;
      while (byLine.has(first.line - 1) && !toolCommentRe.test((byLine.get(first.line - 1) as Comment).text)) {
        first = byLine.get(first.line - 1) as Comment;
      }
      if (first.text === name || first.text.startsWith(`${name} `)) {
        continue;
      }
      out.push(finding(first.range, `A comment directly above ${instr.keyword} documents it only in the form "# ${name} <description>"; start it with ${name}, or separate it from the ${instr.keyword} with an empty line.`));
    }
    return out;
  },
};
