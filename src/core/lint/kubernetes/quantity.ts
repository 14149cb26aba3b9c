/** Kubernetes resource quantities (`500m`, `2`, `1Gi`, `1e3`) as numbers; undefined when malformed. */
const suffixes: Record<string, number> = {
  '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

const quantityRe = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?)$/;

export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : undefined;
  }
  if (typeof value !== 'string') {
    return undefined;
  }
  const m = quantityRe.exec(value.trim());
  if (!m) {
    return undefined;
  }
  const base = Number(m[1]);
  if (m[2]) {
    return base * 10 ** Number(m[2].slice(1));
  }
  return base * (suffixes[m[3] ?? ''] ?? 1);
}
