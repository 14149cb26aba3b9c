/**
 * A parsed node's range without an array: the lint fast path keeps it in three fields (see core/lint/yaml/fast-nodes.ts),
 * the package's own nodes in `range`. Hot loops read it through these instead of `node.range`, which on
 * a fast node builds a new array on each read.
 */
interface Ranged {
  rangeStart?: number;
  rangeValueEnd?: number;
  rangeEnd?: number;
  range?: readonly [number, number, number] | null;
}

/** Where the node starts; undefined for a node without a range. */
export function startOf(node: unknown): number | undefined {
  const n = node as Ranged | null | undefined;
  return n?.rangeStart ?? n?.range?.[0];
}

/** Where the node's value ends (before trailing comments and line breaks). */
export function valueEndOf(node: unknown): number | undefined {
  const n = node as Ranged | null | undefined;
  return n?.rangeValueEnd ?? n?.range?.[1];
}

/** Where the node ends, trailing comments and line breaks included. */
export function endOf(node: unknown): number | undefined {
  const n = node as Ranged | null | undefined;
  return n?.rangeEnd ?? n?.range?.[2];
}
