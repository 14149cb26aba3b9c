export const instructionKeywords = [
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL',
  'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
] as const;

export const keywordSet: ReadonlySet<string> = new Set(instructionKeywords);

/** Levenshtein distance, capped (inputs longer than 32 characters are "far"). */
export function editDistance(a: string, b: string, cap = 3): number {
  if (a.length > 32 || b.length > 32) {
    return cap + 1;
  }
  let prev = Array.from({ length: b.length + 1 }, (_, k) => k);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? cap + 1;
}

/** The closest candidate within `max` edits (ties: first in list). */
export function nearest(word: string, candidates: readonly string[], max = 2): string | undefined {
  let best: string | undefined;
  let bestD = max + 1;
  for (const c of candidates) {
    const d = editDistance(word, c, max);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}
