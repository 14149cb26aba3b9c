import { isSpace } from './chars';
import type { MappedText } from './mapped-text';
import type { JsonArg } from './model';

/** Exec form: a JSON array of strings and nothing else. */
export function scanJsonArray(mt: MappedText, from: number): JsonArg[] | undefined {
  const t = mt.text;
  let k = from;
  const skip = (): void => {
    while (k < t.length && isSpace(t[k])) {
      k++;
    }
  };
  skip();
  if (t[k] !== '[') {
    return undefined;
  }
  k++;
  skip();
  const out: JsonArg[] = [];
  if (t[k] === ']') {
    k++;
  } else {
    for (;;) {
      if (t[k] !== '"') {
        return undefined;
      }
      const s = k;
      k++;
      while (k < t.length && t[k] !== '"') {
        k += t[k] === '\\' ? 2 : 1;
      }
      if (k >= t.length) {
        return undefined;
      }
      k++;
      let value: unknown;
      try {
        value = JSON.parse(t.slice(s, k));
      } catch {
        return undefined;
      }
      if (typeof value !== 'string') {
        return undefined;
      }
      out.push({ value, range: mt.range(s, k), start: s, end: k });
      skip();
      if (t[k] === ',') {
        k++;
        skip();
        continue;
      }
      if (t[k] === ']') {
        k++;
        break;
      }
      return undefined;
    }
  }
  skip();
  return k === t.length ? out : undefined;
}
