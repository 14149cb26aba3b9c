// Expands a VS Code snippet body with every placeholder at its default: ${1:default} (nested too),
// ${1|first,second|}, $1 / ${1} mirrors, $0, ${VAR:default} variables and \$ \} \\ escapes.
// Transforms (${1/re/fmt/}) are refused: our snippets do not use them.

interface Cursor {
  text: string;
  at: number;
}

type Part = string | { index: number; body?: Part[]; choice?: string };

function parseParts(c: Cursor, closing: string | undefined): Part[] {
  const parts: Part[] = [];
  let plain = '';
  const flush = (): void => {
    if (plain) {
      parts.push(plain);
      plain = '';
    }
  };
  while (c.at < c.text.length) {
    const ch = c.text.charAt(c.at);
    if (ch === '\\' && c.at + 1 < c.text.length && '$}\\,|'.includes(c.text.charAt(c.at + 1))) {
      plain += c.text.charAt(c.at + 1);
      c.at += 2;
    } else if (closing && ch === closing) {
      flush();
      return parts;
    } else if (ch === '$') {
      flush();
      parts.push(parseDollar(c));
    } else {
      plain += ch;
      c.at++;
    }
  }
  if (closing) {
    throw new Error(`unterminated placeholder in snippet near offset ${c.at}`);
  }
  flush();
  return parts;
}

function parseDollar(c: Cursor): Part {
  const rest = c.text.slice(c.at + 1);
  const bare = /^(\d+|[A-Za-z_]\w*)/.exec(rest);
  if (bare) {
    c.at += 1 + bare[0].length;
    const name = bare[0];
    return /^\d/.test(name) ? { index: Number(name) } : '';
  }
  const braced = /^\{(\d+|[A-Za-z_]\w*)([:|}/]?)/.exec(rest);
  if (!braced) {
    throw new Error(`stray "$" in snippet at offset ${c.at}`);
  }
  const [whole, name = '', sep] = braced;
  c.at += 1 + whole.length;
  const index = /^\d/.test(name) ? Number(name) : undefined;
  if (sep === '}') {
    return index === undefined ? '' : { index };
  }
  if (sep === '|') {
    const end = c.text.indexOf('|}', c.at);
    if (end < 0) {
      throw new Error(`unterminated choice in snippet at offset ${c.at}`);
    }
    const first = c.text.slice(c.at, end).split(',')[0] ?? '';
    c.at = end + 2;
    return { index: index ?? -1, choice: first };
  }
  if (sep === ':') {
    const body = parseParts(c, '}');
    c.at++;
    return index === undefined ? { index: -1, body } : { index, body };
  }
  throw new Error(`unsupported snippet syntax "\${${name}${sep}" (transforms are not used in our snippets)`);
}

/** The snippet's text with every tab stop at its default value (mirrors take the first default seen). */
export function expandSnippet(body: string | string[]): string {
  const text = Array.isArray(body) ? body.join('\n') : body;
  const parts = parseParts({ text, at: 0 }, undefined);
  const defaults = new Map<number, string>();
  const render = (list: Part[]): string => list.map((p) => {
    if (typeof p === 'string') {
      return p;
    }
    const own = p.choice ?? (p.body ? render(p.body) : undefined);
    if (own !== undefined && p.index >= 0 && !defaults.has(p.index)) {
      defaults.set(p.index, own);
    }
    return own ?? defaults.get(p.index) ?? '';
  }).join('');
  render(parts); // first pass records every tab stop's default, so a mirror before its definition resolves too
  return render(parts);
}
