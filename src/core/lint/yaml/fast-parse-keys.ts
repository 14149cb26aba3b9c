/**
 * The identity `parseYaml` compares mapping keys by (its DUPLICATE_KEY issue): the type and text of
 * a scalar key's value; undefined for keys that do not take part (collections, other value types).
 */
export function keyIdentity(key: unknown): string | undefined {
  const value = (key as { value?: unknown } | null)?.value;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null ? `${typeof value}:${String(value)}` : undefined;
}

/** Maps with up to this many keys are searched key by key; larger ones get a set of identities. */
const maxScannedKeys = 16;

/** Where a large mapping keeps the identities of its keys (null until it has more than a few). */
export interface KeyIndexHolder {
  keyIndex: Set<string> | null;
}

const takesPart = (value: unknown): boolean => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null;

/**
 * Whether a new scalar key whose value is `value` repeats a key of the mapping's first `count` pairs,
 * by `keyIdentity`: a scan of the few keys most maps have, a set once there are more.
 */
export function repeatsEarlierKey(pairs: readonly { key: unknown }[], count: number, value: unknown, holder: KeyIndexHolder): boolean {
  if (!takesPart(value)) {
    return false;
  }
  if (count <= maxScannedKeys) {
    for (let k = 0; k < count; k++) {
      const other = ((pairs[k] as { key: unknown }).key as { value?: unknown } | null)?.value;
      if (other === value ? takesPart(other) : typeof value === 'number' && typeof other === 'number' && String(other) === String(value)) {
        return true;
      }
    }
    return false;
  }
  let index = holder.keyIndex;
  if (index === null) {
    index = new Set();
    for (let k = 0; k < count; k++) {
      const id = keyIdentity((pairs[k] as { key: unknown }).key);
      if (id !== undefined) {
        index.add(id);
      }
    }
    holder.keyIndex = index;
  }
  const id = `${typeof value}:${String(value)}`;
  const seen = index.has(id);
  index.add(id);
  return seen;
}
