import type { Node } from 'yaml';
import type { Range } from '../types';
import type { YamlFile } from './parse';
import { firstLineRange } from './parse';

/** A word boundary in a command's source: blanks, quotes, `=` and the shell's separators. */
const boundaryRe = /[\s"'=;&|()]/;

/**
 * The range of `word` where it first stands as a whole word in the source of the scalar `node` (a command line item,
 * one flag or a whole `sh -c` script); the node's first line when it is not found there as written (escapes, folding).
 */
export function wordRange(file: YamlFile, node: Node, word: string): Range | undefined {
  const r = node.range;
  if (!r || word === '') {
    return firstLineRange(file, node);
  }
  const source = file.text.slice(r[0], r[1]);
  for (let i = source.indexOf(word); i !== -1; i = source.indexOf(word, i + 1)) {
    const before = source[i - 1];
    const after = source[i + word.length];
    if ((before === undefined || boundaryRe.test(before)) && (after === undefined || boundaryRe.test(after))) {
      const s = file.lineCounter.linePos(r[0] + i);
      const e = file.lineCounter.linePos(r[0] + i + word.length);
      return { start: { line: s.line, column: s.col }, end: { line: e.line, column: e.col } };
    }
  }
  return firstLineRange(file, node);
}
