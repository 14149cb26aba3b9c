/**
 * Length of each line, split as `\r\n`, `\n` or `\r` (without building the line strings). A text
 * without CR is split with indexOf, which skips a line at a time instead of testing each character.
 */
export function lengthsOfLines(text: string): number[] {
  const out: number[] = [];
  let start = 0;
  if (!text.includes('\r')) {
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      out.push(nl - start);
      start = nl + 1;
    }
    out.push(text.length - start);
    return out;
  }
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 10 || c === 13) {
      out.push(k - start);
      if (c === 13 && text.charCodeAt(k + 1) === 10) {
        k++;
      }
      start = k + 1;
    }
  }
  out.push(text.length - start);
  return out;
}
