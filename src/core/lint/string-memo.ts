/**
 * A pure function of a string, remembered for the strings it was last asked about: image references and
 * the like repeat across the documents and files of one run. Past `limit` strings it starts afresh, so
 * it stays small. Values are shared: callers must not modify them.
 */
export function memoByString<T>(compute: (text: string) => T, limit = 1024): (text: string) => T {
  const memo = new Map<string, T>();
  return (text) => {
    const known = memo.get(text);
    if (known !== undefined || memo.has(text)) {
      return known as T;
    }
    const value = compute(text);
    if (memo.size >= limit) {
      memo.clear();
    }
    memo.set(text, value);
    return value;
  };
}
