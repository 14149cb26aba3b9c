/**
 * The `[start, end)` offsets of the comments of a POSIX shell script: a `#` that starts a word outside quotes, to the
 * end of its line. Text in them is never run nor expanded.
 */
export function commentSpans(script: string): [number, number][] {
  const spans: [number, number][] = [];
  let quote: string | undefined;
  for (let k = 0; k < script.length; k++) {
    const c = script[k] as string;
    if (c === '\\' && quote !== "'") {
      k++;
    } else if (quote !== undefined) {
      quote = c === quote ? undefined : quote;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (k === 0 || /[\s;&|(]/.test(script[k - 1] as string))) {
      const newline = script.indexOf('\n', k);
      const end = newline < 0 ? script.length : newline;
      spans.push([k, end]);
      k = end;
    }
  }
  return spans;
}
