import type { Range } from '../../types';

/**
 * Items grouped by the line their range starts on (and by `key`, where findings of one rule differ in kind), in the
 * order first seen: a rule that finds the same thing twice on one line (`apt update && apt install`) reports it once.
 */
export function bySameLine<T>(items: readonly T[], rangeOf: (item: T) => Range, key: (item: T) => string = () => ''): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const id = `${rangeOf(item).start.line} ${key(item)}`;
    const group = groups.get(id);
    if (group) {
      group.push(item);
    } else {
      groups.set(id, [item]);
    }
  }
  return [...groups.values()];
}

/** `a`, `a and b`, `a, b and c`. */
export function andList(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
