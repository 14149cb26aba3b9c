import type { Finding, Position, TextEdit } from './types';
import { comparePositions } from './types';

/**
 * Non-overlapping fixes, earliest first; a fix that overlaps an earlier one waits for the next run. Two
 * insertions at one point overlap too: each may add the same key (two rules each inserting
 * `securityContext:` into one container made a duplicate key).
 */
export function compatibleFixes(findings: readonly Finding[]): Finding[] {
  const chosen: Finding[] = [];
  const withFix = findings.filter((f) => f.fix && f.fix.edits.length > 0);
  const isInsertion = (e: TextEdit): boolean => comparePositions(e.range.start, e.range.end) === 0;
  const span = (f: Finding) => {
    const edits = f.fix?.edits ?? [];
    let first = edits[0]?.range.start ?? f.range.start;
    let last = edits[0]?.range.end ?? f.range.end;
    for (const e of edits) {
      first = comparePositions(e.range.start, first) < 0 ? e.range.start : first;
      last = comparePositions(e.range.end, last) > 0 ? e.range.end : last;
    }
    const insertsAt = (p: Position) => edits.some((e) => isInsertion(e) && comparePositions(e.range.start, p) === 0);
    return { first, last, insertsFirst: insertsAt(first), insertsLast: insertsAt(last) };
  };
  const sorted = withFix.map((f) => ({ f, ...span(f) })).sort((a, b) => comparePositions(a.first, b.first));
  let lastEnd: Position | undefined;
  let lastInserts = false;
  for (const { f, first, last, insertsFirst, insertsLast } of sorted) {
    const order = lastEnd ? comparePositions(first, lastEnd) : 1;
    if (order < 0 || (order === 0 && (insertsFirst || lastInserts))) {
      continue;
    }
    chosen.push(f);
    lastEnd = last;
    lastInserts = insertsLast;
  }
  return chosen;
}
