/**
 * Case-insensitive edit distance of two lowercased strings when it is at most `limit`, else a number
 * above `limit`: a row of the table whose every cell is past the limit ends the computation.
 */
export function distanceAtMost(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) {
    return limit + 1;
  }
  const row = rowFor(b.length);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] as number;
      const cell = Math.min(cur + 1, (row[j - 1] as number) + 1, prev + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1));
      row[j] = cell;
      rowMin = Math.min(rowMin, cell);
      prev = cur;
    }
    if (rowMin > limit) {
      return limit + 1;
    }
  }
  return row[b.length] as number;
}

let scratch: number[] = [];

/** The table's first row, 0…length, in a reused array. */
function rowFor(length: number): number[] {
  if (scratch.length < length + 1) {
    scratch = new Array<number>(length + 1);
  }
  for (let k = 0; k <= length; k++) {
    scratch[k] = k;
  }
  return scratch;
}

/**
 * Lowercased candidates per candidate list: rules ask with the same list (a folder's names) many times.
 * The entry keeps the names it was made from, so a list changed since is lowercased again.
 */
const lowered = new WeakMap<readonly string[], { names: string[]; lower: string[] }>();

function lowercased(candidates: readonly string[]): string[] {
  const entry = lowered.get(candidates);
  if (entry && entry.names.length === candidates.length && entry.names.every((n, i) => n === candidates[i])) {
    return entry.lower;
  }
  const fresh = { names: [...candidates], lower: candidates.map((c) => c.toLowerCase()) };
  lowered.set(candidates, fresh);
  return fresh.lower;
}

/** The candidate nearest to `value`, when it is close enough to be a likely typo (at most a third of the length, at least 2 edits). */
export function closest(value: string, candidates: readonly string[]): string | undefined {
  const threshold = Math.max(2, Math.floor(value.length / 3));
  const lower = value.toLowerCase();
  const lowerCandidates = lowercased(candidates);
  let best: string | undefined;
  let bestD = Infinity;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i] as string;
    // Only a candidate nearer than the best so far and within the threshold can change the answer.
    const d = distanceAtMost(lower, lowerCandidates[i] as string, Math.min(threshold, bestD - 1));
    if (d < bestD && d <= threshold && c !== value) {
      bestD = d;
      best = c;
    }
  }
  return best;
}
