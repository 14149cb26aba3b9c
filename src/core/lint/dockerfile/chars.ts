/** Whitespace as the Dockerfile parser sees it. */
export function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v';
}

export function firstNonSpace(line: string): number {
  let k = 0;
  while (k < line.length && isSpace(line[k])) {
    k++;
  }
  return k;
}
