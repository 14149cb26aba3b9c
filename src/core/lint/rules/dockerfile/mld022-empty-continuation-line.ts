import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD022',
    name: 'empty-continuation-line',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { buildkit: ['NoEmptyContinuation'], dockerfileUtils: ['EMPTY_CONTINUATION_LINE'] },
    description: 'A blank line sits inside a continued instruction.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const instr of model.parsed.instructions) {
      const blank = instr.emptyContinuationLines;
      if (blank.length === 0) {
        continue;
      }
      out.push(
        finding(
          instr.keywordRange,
          `${instr.keyword} continues across blank line${blank.length > 1 ? 's' : ''} ${blank.join(', ')}, which future builders will reject; delete ${blank.length > 1 ? 'them' : 'it'}.`,
          { title: 'Delete the blank continuation lines', edits: blank.map((line) => ({ range: { start: { line, column: 1 }, end: { line: line + 1, column: 1 } }, newText: '' })) },
        ),
      );
    }
    return out;
  },
};
