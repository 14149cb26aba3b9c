import type { Finding, Position } from './types';
import { comparePositions } from './types';

/** Non-overlapping fixes, earliest first; a fix that overlaps an earlier one waits for the next run. */
export function compatibleFixes(findings: readonly Finding[]): Finding[] {
  const chosen: Finding[] = [];
  const withFix = findings.filter((f) => f.fix && f.fix.edits.length > 0);
  const span = (f: Finding): { first: Position; last: Position } => {
    const edits = f.fix?.edits ?? [];
    let first = edits[0]?.range.start ?? f.range.start;
    let last = edits[0]?.range.end ?? f.range.end;
    for (const e of edits) {
      first = comparePositions(e.range.start, first) < 0 ? e.range.start : first;
      last = comparePositions(e.range.end, last) > 0 ? e.range.end : last;
    }
    return { first, last };
  };
  const sorted = withFix.map((f) => ({ f, ...span(f) })).sort((a, b) => comparePositions(a.first, b.first));
  let lastEnd: Position | undefined;
  for (const { f, first, last } of sorted) {
    if (lastEnd && comparePositions(first, lastEnd) < 0) {
      continue;
    }
    chosen.push(f);
    lastEnd = last;
  }
  return chosen;
}
