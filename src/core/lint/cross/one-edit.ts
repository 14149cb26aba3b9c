/** True when `b` is `a` with exactly one character inserted, deleted or replaced. */
export function oneEditApart(a: string, b: string): boolean {
  if (a.length > b.length) {
    return oneEditApart(b, a);
  }
  if (b.length - a.length > 1) {
    return false;
  }
  let i = 0;
  while (i < a.length && a.charCodeAt(i) === b.charCodeAt(i)) {
    i++;
  }
  if (i === b.length) {
    return false; // equal
  }
  // Past the first difference the rest must match: aligned (replacement) or shifted by one (insertion).
  const shift = a.length === b.length ? 1 : 0;
  for (let k = i + shift; k < a.length; k++) {
    if (a.charCodeAt(k) !== b.charCodeAt(k + 1 - shift)) {
      return false;
    }
  }
  return true;
}

function deletions(value: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < value.length; i++) {
    out.push(value.slice(0, i) + value.slice(i + 1));
  }
  return out;
}

/**
 * The values one edit away from a query, without comparing the query against every value: each value
 * is filed under itself and its one-character deletions, and two strings one edit apart always share
 * one of those keys.
 */
export class OneEditIndex {
  private readonly byVariant = new Map<string, string[]>();
  private readonly known = new Set<string>();

  constructor(values: Iterable<string> = []) {
    for (const v of values) {
      this.add(v);
    }
  }

  add(value: string): void {
    if (this.known.has(value)) {
      return;
    }
    this.known.add(value);
    for (const variant of [value, ...deletions(value)]) {
      const list = this.byVariant.get(variant);
      if (list) {
        list.push(value);
      } else {
        this.byVariant.set(variant, [value]);
      }
    }
  }

  /** The indexed values exactly one edit from `value` (never `value` itself), each once. */
  near(value: string): string[] {
    const out = new Set<string>();
    for (const variant of [value, ...deletions(value)]) {
      for (const candidate of this.byVariant.get(variant) ?? []) {
        if (oneEditApart(value, candidate)) {
          out.add(candidate);
        }
      }
    }
    return [...out];
  }
}
