/** Whitespace as the Dockerfile parser sees it. */
export function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v';
}

/** isSpace of a character code: space, tab, CR, form feed, vertical tab. */
export function isSpaceCode(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13 && code !== 10);
}

export function firstNonSpace(line: string): number {
  let k = 0;
  while (k < line.length && isSpaceCode(line.charCodeAt(k))) {
    k++;
  }
  return k;
}
