const units: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** Parses sizes like the docker CLI's --shm-size ("2g", "512m", "64MB"): binary units. */
export function parseByteSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([bkmgt]?)(?:i?b)?\s*$/i.exec(text);
  if (!m) {
    return undefined;
  }
  const factor = units[(m[2] ?? '').toLowerCase()];
  if (factor === undefined) {
    return undefined;
  }
  const bytes = Math.round(Number(m[1]) * factor);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}

/** The shortest binary-unit spelling of an exact size ("2g", "512m"); bytes otherwise. */
export function formatByteSize(bytes: number): string {
  for (const [suffix, factor] of [['t', 1024 ** 4], ['g', 1024 ** 3], ['m', 1024 ** 2], ['k', 1024]] as const) {
    if (bytes >= factor && bytes % factor === 0) {
      return `${bytes / factor}${suffix}`;
    }
  }
  return `${bytes}b`;
}
