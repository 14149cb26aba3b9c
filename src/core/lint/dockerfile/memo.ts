const holderKey = Symbol('memo');

/** Identifies one kind of memoized value; get one per kind with `memoSlot()`. */
export type MemoSlot = number & { readonly memoSlot: unique symbol };

let slots = 0;

export function memoSlot(): MemoSlot {
  return slots++ as MemoSlot;
}

/**
 * Keeps a value derived from an immutable parse object on that object. All of an object's values
 * share one small array, added once as a non-enumerable property, so the object stays deep-equal to
 * a freshly parsed one. Cheaper than a WeakMap per kind of value (no ephemeron for the garbage
 * collector to trace) and lighter than a Map per object. `compute` must not return undefined.
 */
export function memoOn<T extends object, V>(target: T, slot: MemoSlot, compute: (target: T) => V): V {
  let holder = (target as { [holderKey]?: unknown[] })[holderKey];
  if (holder === undefined) {
    holder = [];
    Object.defineProperty(target, holderKey, { value: holder });
  } else {
    const known = holder[slot];
    if (known !== undefined) {
      return known as V;
    }
  }
  const value = compute(target);
  holder[slot] = value;
  return value;
}
