import { continuationIndex } from '../../dockerfile/parse';
import type { Instruction } from '../../dockerfile/model';
import type { Range } from '../../types';
import { keywordSet } from './keywords';

/** An instruction that a stray continuation before a blank line made part of the instruction above it. */
export interface SwallowedInstruction {
  keyword: string;
  /** The line that starts the swallowed instruction. */
  line: number;
  /** The line whose escape character continues the instruction across the blank line. */
  continuedLine: number;
  /** The escape character and the blanks before it: deleting them ends the instruction on `continuedLine`. */
  escapeRange: Range;
}

const instructionStartRe = /^[ \t]*([A-Z]+)(?:[ \t]|$)/;

function isBlankOrComment(line: string): boolean {
  const trimmed = line.trimStart();
  return trimmed === '' || trimmed.startsWith('#');
}

/**
 * The first instruction, written in capitals as Dockerfiles write them, that follows a blank continuation line of
 * `instr` (`vim \`, a blank line, `COPY . /app`): the builder reads it as more arguments of `instr`.
 */
export function swallowedInstruction(instr: Instruction, lines: readonly string[], escape: string): SwallowedInstruction | undefined {
  for (const blank of instr.emptyContinuationLines) {
    let next = blank + 1;
    while (next <= instr.endLine && isBlankOrComment(lines[next - 1] ?? '')) {
      next++;
    }
    const keyword = instructionStartRe.exec(lines[next - 1] ?? '')?.[1];
    if (next > instr.endLine || !keyword || !keywordSet.has(keyword)) {
      continue;
    }
    let continuedLine = blank - 1;
    while (continuedLine > instr.startLine && isBlankOrComment(lines[continuedLine - 1] ?? '')) {
      continuedLine--;
    }
    const text = lines[continuedLine - 1] ?? '';
    const at = continuationIndex(text, escape);
    if (at < 0) {
      return undefined;
    }
    const from = text.slice(0, at).trimEnd().length;
    return { keyword, line: next, continuedLine, escapeRange: { start: { line: continuedLine, column: from + 1 }, end: { line: continuedLine, column: text.length + 1 } } };
  }
  return undefined;
}
