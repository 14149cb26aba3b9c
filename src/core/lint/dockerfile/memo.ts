/**
 * Keeps a value derived from an immutable parse object on that object, under a symbol. The property is
 * not enumerable, so the object stays deep-equal to a freshly parsed one. Cheaper than a WeakMap: a
 * property read instead of a hash lookup, and no ephemeron for the garbage collector to trace.
 */
export function memoOn<T extends object, V>(target: T, key: symbol, compute: (target: T) => V): V {
  const slot = target as T & Record<symbol, V | undefined>;
  const known = slot[key];
  if (known !== undefined) {
    return known;
  }
  const value = compute(target);
  Object.defineProperty(target, key, { value });
  return value;
}
