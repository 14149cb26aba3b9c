import type { Instruction } from '../../dockerfile/model';
import type { Stage } from '../../dockerfile/semantic';
import { ancestry } from '../../dockerfile/semantic';
import type { Fix, Range, RuleFinding, TextEdit } from '../../types';

export function finding(range: Range, message: string, fix?: Fix, anchorCode?: string): RuleFinding {
  const f: RuleFinding = { range, message };
  if (fix) {
    f.fix = fix;
  }
  if (anchorCode) {
    f.anchorCode = anchorCode;
  }
  return f;
}

/** An edit that inserts whole lines before the line where `instr` starts. */
export function insertLinesBefore(instr: Instruction, text: string): TextEdit {
  const at = { line: instr.startLine, column: 1 };
  return { range: { start: at, end: at }, newText: text.endsWith('\n') ? text : `${text}\n` };
}

/** An edit that inserts whole lines after the last line of `instr`. */
export function insertLinesAfter(instr: Instruction, lines: string[], text: string): TextEdit {
  const line = instr.endLine;
  const at = { line, column: (lines[line - 1] ?? '').length + 1 };
  return { range: { start: at, end: at }, newText: `\n${text.replace(/\n$/, '')}` };
}

export function replace(range: Range, newText: string): TextEdit {
  return { range, newText };
}

/** The FROM image word of a stage, or the FROM keyword when it has none (every finding needs a token). */
export function fromAnchor(stage: Stage): Range {
  return stage.imageWord?.range ?? stage.from.keywordRange;
}

/** Leading indentation of the instruction's first line (for inserted lines). */
export function indentOf(instr: Instruction, lines: string[]): string {
  const line = lines[instr.startLine - 1] ?? '';
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

/** The stage's ancestry starts `FROM scratch`: no OS, no image config (the working directory is `/`). */
export function scratchBased(stage: Stage): boolean {
  const root = ancestry(stage).pop() as Stage;
  return root.image?.toLowerCase() === 'scratch';
}
