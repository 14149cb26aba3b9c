import type { Instruction } from '../../dockerfile/model';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding, replace } from './helpers';
import { keywordSet } from './keywords';

/** Instructions (ONBUILD triggers after their ONBUILD) whose keyword is a known one. */
function knownKeywords(instructions: readonly Instruction[]): Instruction[] {
  const out: Instruction[] = [];
  for (const i of instructions) {
    if (keywordSet.has(i.keyword)) {
      out.push(i);
    }
    if (i.trigger && keywordSet.has(i.trigger.keyword)) {
      out.push(i.trigger);
    }
  }
  return out;
}

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
    const keywords = knownKeywords(model.parsed.instructions);
    let upper = 0;
    let lower = 0;
    for (const i of keywords) {
      upper += i.keywordRaw === i.keywordRaw.toUpperCase() ? 1 : 0;
      lower += i.keywordRaw === i.keywordRaw.toLowerCase() ? 1 : 0;
    }
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
