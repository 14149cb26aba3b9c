/**
 * The `[start, end)` offsets of the single-quoted strings of a POSIX shell script, whose text the shell never
 * expands (`echo '$HOME'` prints `$HOME`). Quotes inside double quotes, after an escape, or in a `#` comment
 * (`# don't`) open nothing.
 */
export function singleQuotedSpans(script: string): [number, number][] {
  const spans: [number, number][] = [];
  let inDouble = false;
  for (let k = 0; k < script.length; k++) {
    const c = script[k];
    if (c === '\\') {
      k++;
    } else if (inDouble) {
      inDouble = c !== '"';
    } else if (c === '"') {
      inDouble = true;
    } else if (c === "'") {
      const close = script.indexOf("'", k + 1);
      const end = close < 0 ? script.length : close;
      spans.push([k, end + 1]);
      k = end;
    } else if (c === '#' && (k === 0 || /[\s;&|(]/.test(script[k - 1] as string))) {
      const newline = script.indexOf('\n', k);
      k = newline < 0 ? script.length : newline;
    }
  }
  return spans;
}

/** A nested shell runs the quoted text later (`bash -c '…'`, `su -c '…'`, `eval '…'`), and expands it then. */
const nestedShellBefore = /(?:^|\s)(?:-c|eval)\s*$/;

/** The offset of `script` lies in single-quoted text that no shell of this script ever expands. */
export function neverExpanded(script: string, spans: [number, number][], offset: number): boolean {
  const span = spans.find(([start, end]) => offset > start && offset < end);
  return span !== undefined && !nestedShellBefore.test(script.slice(Math.max(0, span[0] - 16), span[0]));
}
