const suffixes: Record<string, number> = {
  '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5, Ei: 1024 ** 6,
  m: 1e-3, u: 1e-6, n: 1e-9,
};

/** Parses a Kubernetes quantity ("8", "500m", "16Gi", "1e3") to a number; undefined when malformed. */
export function parseQuantity(value: string | number | undefined): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : undefined;
  }
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|[kMGTPEmun]?)$/.exec(value.trim());
  if (!m) {
    return undefined;
  }
  const mult = suffixes[m[2] ?? ''];
  return mult === undefined ? undefined : Number(m[1]) * mult;
}
