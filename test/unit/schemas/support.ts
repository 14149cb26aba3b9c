import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const fixture = (name: string): string => readFileSync(join(__dirname, '..', '..', 'fixtures', 'schemas', name), 'utf8');

/** 1-based "line:column" of an offset, for exact-position assertions. */
export function pos(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${(before.at(-1)?.length ?? 0) + 1}`;
}

/** Offset of the n-th (0-based) occurrence of a needle, plus a delta. */
export function offsetOf(text: string, needle: string, delta = 0, nth = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) {
      throw new Error(`${needle} not found`);
    }
  }
  return at + delta;
}
