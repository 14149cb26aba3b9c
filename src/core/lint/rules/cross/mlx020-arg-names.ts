/**
 * Build arguments the builder reads itself, so no `ARG` needs to declare them: the proxy variables (in any
 * case), BuildKit's `BUILDKIT_*` settings, `SOURCE_DATE_EPOCH`, and the platform arguments it sets.
 */
const proxyArgs = new Set(['http_proxy', 'https_proxy', 'ftp_proxy', 'no_proxy', 'all_proxy']);
const builderArgs = new Set(['SOURCE_DATE_EPOCH', 'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'TARGETSTAGE', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT']);

export function isPredefinedBuildArg(name: string): boolean {
  return builderArgs.has(name) || name.startsWith('BUILDKIT_') || proxyArgs.has(name.toLowerCase());
}

/** Levenshtein distance of two names when it is at most 2, else 3 (names are short). */
function distanceUpToTwo(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) {
    return 3;
  }
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min((row[j] as number) + 1, (next[j - 1] as number) + 1, (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return Math.min(row[b.length] as number, 3);
}

/** One name is the other with a `_`-separated word before or after it (`EXTENSIONS`, `BUILD_EXTENSIONS`). */
function sharesWords(a: string, b: string): boolean {
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return short.length >= 3 && (long.endsWith(`_${short}`) || long.startsWith(`${short}_`));
}

/**
 * The declared ARG a passed name most likely meant: the same name in another case, else one at most two edits
 * away (one for names under six characters), else one that adds or drops a `_`-separated word.
 */
export function likelyArg(name: string, declared: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const sameCase = declared.find((d) => d.toLowerCase() === lower);
  if (sameCase !== undefined) {
    return sameCase;
  }
  const limit = name.length < 6 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const d of declared) {
    const distance = distanceUpToTwo(lower, d.toLowerCase());
    if (distance < bestDistance) {
      best = d;
      bestDistance = distance;
    }
  }
  return best ?? declared.find((d) => sharesWords(lower, d.toLowerCase()));
}
