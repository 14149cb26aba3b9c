import { distance } from '../rules/kubernetes/helpers';

/** The candidate nearest to `value`, when it is close enough to be a likely typo (at most a third of the length, at least 2 edits). */
export function closest(value: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(value.toLowerCase(), c.toLowerCase());
    if (d < bestD && c !== value) {
      bestD = d;
      best = c;
    }
  }
  return bestD <= Math.max(2, Math.floor(value.length / 3)) ? best : undefined;
}
