const memoKey = Symbol('memo');

type Memo = Map<symbol, unknown>;

/**
 * Keeps a value derived from an immutable parse object on that object, under a symbol. All of an
 * object's values share one holder, added once as a non-enumerable property, so the object stays
 * deep-equal to a freshly parsed one. Cheaper than a WeakMap per kind of value: no ephemeron for the
 * garbage collector to trace, and one property definition per object rather than one per value.
 */
export function memoOn<T extends object, V>(target: T, key: symbol, compute: (target: T) => V): V {
  let memo = (target as { [memoKey]?: Memo })[memoKey];
  if (memo === undefined) {
    memo = new Map();
    Object.defineProperty(target, memoKey, { value: memo });
  } else if (memo.has(key)) {
    return memo.get(key) as V;
  }
  const value = compute(target);
  memo.set(key, value);
  return value;
}
