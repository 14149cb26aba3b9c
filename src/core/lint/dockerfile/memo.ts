/** Identifies one kind of memoized value; get one per kind with `memoSlot()`. */
export type MemoSlot = number & { readonly memoSlot: unique symbol };

let slots = 0;

export function memoSlot(): MemoSlot {
  return slots++ as MemoSlot;
}

/** Returns the object it is given, so a subclass's field initialisers run on that object. */
class ReturnsItsArgument {
  constructor(target: object) {
    return target;
  }
}

/**
 * Gives any object one private array of memoized values. A private field is invisible to
 * `Object.keys`, JSON and deep equality, and leaves the prototype alone, so a parse object stays
 * deep-equal to a freshly parsed one; V8 adds and reads it as fast as a plain property (about three
 * times faster than the non-enumerable `Object.defineProperty` it replaces, and far cheaper than a
 * WeakMap lookup per kind of value, which also gives the garbage collector an ephemeron to trace).
 */
class MemoHolder extends ReturnsItsArgument {
  #values: unknown[] = [];

  /**
   * Reads the field without testing for it first: on the objects withMemo gave it to (all the parser's), a
   * `#values in target` test costs as much as the read. Other objects (a test's) get it on first use.
   */
  static valuesOf(target: object): unknown[] {
    try {
      return (target as MemoHolder).#values;
    } catch {
      return new MemoHolder(target).#values;
    }
  }

  static give(target: object): void {
    new MemoHolder(target);
  }
}

/** Gives a newly made object its (empty) array of memoized values now: then reading it never fails. */
export function withMemo<T extends object>(target: T): T {
  MemoHolder.give(target);
  return target;
}

/** The array of memoized values kept on `target` (created on first use). */
export function memoValues(target: object): unknown[] {
  return MemoHolder.valuesOf(target);
}

/**
 * Keeps a value derived from an immutable parse object on that object, in the array memoValues gives
 * it. `compute` must not return undefined.
 */
export function memoOn<T extends object, V>(target: T, slot: MemoSlot, compute: (target: T) => V): V {
  const values = MemoHolder.valuesOf(target);
  const known = values[slot];
  if (known !== undefined) {
    return known as V;
  }
  const value = compute(target);
  values[slot] = value;
  return value;
}
