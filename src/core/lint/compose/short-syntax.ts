/**
 * Compose short syntax (`SRC:DST[:MODE]`, `HOST:CONTAINER`, …) as written, before interpolation.
 * Compose interpolates first and splits afterwards, so a `:` inside `${VAR:-default}`,
 * `${VAR:?error}` or a nested `${A:-${B}}` is never a separator.
 */

/** Splits on `:` outside `${…}`; `$$` is a literal dollar. An unclosed `${` runs to the end. */
export function splitShortSyntax(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && text[i + 1] === '$') {
      i++;
    } else if (c === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}' && depth > 0) {
      depth--;
    } else if (c === ':' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

export interface ShortVolume {
  /** Undefined for an anonymous volume (`/data`). */
  source?: string;
  target: string;
  mode?: string;
}

/** A Windows drive (`C:\data`): Compose keeps the `:` after a lone letter. */
function joinDrives(parts: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    const next = parts[i + 1];
    if (/^[A-Za-z]$/.test(part) && next !== undefined && /^[\\/]/.test(next)) {
      out.push(`${part}:${next}`);
      i++;
    } else {
      out.push(part);
    }
  }
  return out;
}

/** Parses `[SOURCE:]TARGET[:MODE]`; undefined when the text has more than three sections or an empty one. */
export function parseShortVolume(text: string): ShortVolume | undefined {
  const parts = joinDrives(splitShortSyntax(text.trim()));
  if (parts.length > 3 || parts.some((p) => p === '')) {
    return undefined;
  }
  const [first = '', second, mode] = parts;
  if (second === undefined) {
    return { target: first };
  }
  return mode === undefined ? { source: first, target: second } : { source: first, target: second, mode };
}
