import type { Instruction } from '../../dockerfile/model';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import type { SwallowedInstruction } from './swallowed-instruction';
import { swallowedInstruction } from './swallowed-instruction';

/** Deletes the given blank lines. */
function deleteLines(blank: readonly number[]) {
  return blank.map((line) => ({ range: { start: { line, column: 1 }, end: { line: line + 1, column: 1 } }, newText: '' }));
}

/** The stray escape continues `instr` into the next instruction: ending `instr` there is the fix, not deleting the blank lines. */
function swallowedFinding(instr: Instruction, swallowed: SwallowedInstruction, escape: string): RuleFinding {
  const { keyword, line, continuedLine, escapeRange } = swallowed;
  // Blank lines between the two instructions are ordinary once the continuation ends; any others still sit inside one.
  const stillInside = instr.emptyContinuationLines.filter((blank) => blank < continuedLine || blank > line);
  const crossed = instr.emptyContinuationLines.length - stillInside.length;
  return finding(
    instr.keywordRange,
    `The ${escape} at the end of line ${continuedLine} continues ${instr.keyword} across ${crossed > 1 ? 'blank lines' : 'a blank line'} into the ${keyword} on line ${line}, which the builder then reads as more ${instr.keyword} arguments, not as an instruction; remove the ${escape}.`,
    { title: `End the ${instr.keyword} on line ${continuedLine}`, edits: [{ range: escapeRange, newText: '' }, ...deleteLines(stillInside)] },
  );
}

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
    const { lines, escape } = model.parsed;
    for (const instr of model.parsed.instructions) {
      const blank = instr.emptyContinuationLines;
      if (blank.length === 0) {
        continue;
      }
      const swallowed = swallowedInstruction(instr, lines, escape);
      if (swallowed) {
        out.push(swallowedFinding(instr, swallowed, escape));
        continue;
      }
      out.push(
        finding(
          instr.keywordRange,
          `${instr.keyword} continues across blank line${blank.length > 1 ? 's' : ''} ${blank.join(', ')}, which future builders will reject; delete ${blank.length > 1 ? 'them' : 'it'}.`,
          { title: 'Delete the blank continuation lines', edits: deleteLines(blank) },
        ),
      );
    }
    return out;
  },
};
