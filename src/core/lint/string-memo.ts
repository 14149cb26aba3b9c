/** Stands for an `undefined` value in a memo, so one lookup tells a known `undefined` from an unknown string. */
const noValue: unique symbol = Symbol('no value');

/**
 * A pure function of a string, remembered for the strings it was last asked about: image references and
 * the like repeat across the documents and files of one run. Past `limit` strings it starts afresh, so
 * it stays small. Values are shared: callers must not modify them.
 */
export function memoByString<T>(compute: (text: string) => T, limit = 1024): (text: string) => T {
  const memo = new Map<string, T | typeof noValue>();
  return (text) => {
    const known = memo.get(text);
    if (known !== undefined) {
      return (known === noValue ? undefined : known) as T;
    }
    const value = compute(text);
    if (memo.size >= limit) {
      memo.clear();
    }
    memo.set(text, value === undefined ? noValue : value);
    return value;
  };
}
