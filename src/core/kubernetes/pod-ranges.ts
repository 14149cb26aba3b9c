// A namespace (or a workload) with thousands of pods is shown in ranges of names, as a debugger shows
// a long array: each TreeItem batch stays small, and every pod stays reachable without a filter.

export const podRangeSize = 1000;

export interface PodRange {
  index: number;
  first: string;
  last: string;
  count: number;
}

/**
 * Ranges over `sortedNames`, or undefined when they fit in one flat list. `expected` (a list still
 * being paged in) decides early, so the tree does not switch from flat to ranges while loading.
 */
export function podRanges(sortedNames: readonly string[], expected = sortedNames.length, size = podRangeSize): PodRange[] | undefined {
  if (Math.max(expected, sortedNames.length) <= size) {
    return undefined;
  }
  const ranges: PodRange[] = [];
  for (let start = 0; start < sortedNames.length; start += size) {
    const slice = sortedNames.slice(start, start + size);
    ranges.push({ index: ranges.length, first: slice[0]!, last: slice[slice.length - 1]!, count: slice.length });
  }
  return ranges;
}

/** The items of range `index` (empty when the list has shrunk below it). */
export function inRange<T>(sorted: readonly T[], index: number, size = podRangeSize): T[] {
  return sorted.slice(index * size, (index + 1) * size);
}
