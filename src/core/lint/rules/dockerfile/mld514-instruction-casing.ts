import type { Instruction } from '../../dockerfile/model';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding, replace } from './helpers';
import { keywordSet } from './keywords';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD514',
    name: 'instruction-casing',
    family: 'style',
    severity: 'hint',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { buildkit: ['ConsistentInstructionCasing'], dockerfileUtils: ['CASING_INSTRUCTION', 'CASING_DIRECTIVE'] },
    description: 'An instruction keyword uses different casing from the rest of the file, or a parser directive is not lower case.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    // Unknown keywords are MLD001's: their casing is beside the point.
    const keywords: Instruction[] = model.parsed.instructions.flatMap((i) => (i.trigger ? [i, i.trigger] : [i])).filter((i) => keywordSet.has(i.keyword));
    const upper = keywords.filter((i) => i.keywordRaw === i.keywordRaw.toUpperCase()).length;
    const lower = keywords.filter((i) => i.keywordRaw === i.keywordRaw.toLowerCase()).length;
    const useUpper = upper >= lower;
    for (const instr of keywords) {
      const want = useUpper ? instr.keywordRaw.toUpperCase() : instr.keywordRaw.toLowerCase();
      if (instr.keywordRaw !== want) {
        out.push(finding(instr.keywordRange, `${instr.keywordRaw} does not match the ${useUpper ? 'upper' : 'lower'}-case keywords in the rest of the file; write ${want}.`, { title: `Write ${want}`, edits: [replace(instr.keywordRange, want)] }));
      }
    }
    for (const d of model.parsed.directives) {
      const line = model.parsed.lines[d.line - 1] ?? '';
      const m = /^(\s*#\s*)([A-Za-z]+)/.exec(line);
      const raw = m?.[2];
      if (!m || raw === undefined || raw === raw.toLowerCase()) {
        continue;
      }
      const start = { line: d.line, column: (m[1] as string).length + 1 };
      const range = { start, end: { line: d.line, column: start.column + raw.length } };
      out.push(finding(range, `Parser directive ${raw} should be lower case; write # ${raw.toLowerCase()}=.`, { title: `Write ${raw.toLowerCase()}`, edits: [replace(range, raw.toLowerCase())] }));
    }
    return out;
  },
};
