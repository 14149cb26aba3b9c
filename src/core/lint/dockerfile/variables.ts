/** Builder-style variable expansion: `$NAME`, `${NAME}`, `${NAME:-x}`, `${NAME-x}`, `${NAME:+x}`, `${NAME+x}`. */
export interface Expansion {
  value: string;
  /** Names that could not be resolved (the value is then not trustworthy). */
  unresolved: string[];
  /** Every variable name referenced. */
  names: string[];
}

export type Lookup = (name: string) => string | undefined;

const nameRe = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * Index of the `}` that closes the `${` at `open` (input[open] is `$`), or -1. Nested `${…}`, quotes
 * and escapes inside the modifier word are skipped, as the builder's lexer does
 * (mosaicml/composer: `${CUDA_VERSION:+"nvidia/cuda:${CUDA_VERSION}-cudnn8-devel-ubuntu20.04"}`).
 */
/** How deep `${A:-${B:-…}}` words are expanded; deeper ones are kept as written (each level rescans the rest). */
const maxNesting = 8;

function closingBrace(input: string, open: number, escape: string): number {
  let depth = 0;
  let quote = '';
  for (let k = open + 2; k < input.length; k++) {
    const c = input[k];
    if (c === escape && quote !== "'") {
      k++;
    } else if (quote !== '') {
      if (c === quote) {
        quote = '';
      } else if (quote === '"' && c === '$' && input[k + 1] === '{') {
        depth++;
        k++;
      } else if (quote === '"' && c === '}' && depth > 0) {
        depth--;
      }
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '$' && input[k + 1] === '{') {
      depth++;
      k++;
    } else if (c === '}') {
      if (depth === 0) {
        return k;
      }
      depth--;
    }
  }
  return -1;
}

/** Quote removal for the word of a `${VAR:-word}` / `${VAR:+word}` modifier, which the builder unquotes. */
function unquoteWord(word: string, escape: string): string {
  if (!word.includes('"') && !word.includes("'")) {
    return word;
  }
  let out = '';
  let quote = '';
  for (let k = 0; k < word.length; k++) {
    const c = word[k] as string;
    if (c === escape && quote !== "'" && k + 1 < word.length) {
      out += c + (word[k + 1] as string);
      k++;
    } else if (quote !== '' && c === quote) {
      quote = '';
    } else if (quote === '' && (c === '"' || c === "'")) {
      quote = c;
    } else {
      out += c;
    }
  }
  return out;
}

export function expandVars(input: string, lookup: Lookup, escape = '\\', nesting = 0): Expansion {
  let value = '';
  const unresolved: string[] = [];
  const names: string[] = [];
  let k = 0;
  while (k < input.length) {
    const c = input[k] as string;
    if (c === escape && input[k + 1] === '$') {
      value += '$';
      k += 2;
      continue;
    }
    if (c !== '$') {
      value += c;
      k++;
      continue;
    }
    if (input[k + 1] === '{') {
      const close = closingBrace(input, k, escape);
      if (close < 0) {
        value += input.slice(k);
        break;
      }
      const body = input.slice(k + 2, close);
      const m = nameRe.exec(body);
      const name = m?.[0] ?? '';
      const modifier = body.slice(name.length);
      names.push(name);
      const v = name === '' ? undefined : lookup(name);
      const dash = modifier.startsWith('-') || modifier.startsWith(':-');
      const plus = !dash && (modifier.startsWith('+') || modifier.startsWith(':+'));
      if (modifier === '') {
        if (v === undefined) {
          unresolved.push(name);
        }
        value += v ?? '';
      } else if (dash || plus) {
        // The word may itself hold variables and quotes: expand it, then drop its quotes.
        const word = modifier.slice(modifier.startsWith(':') ? 2 : 1);
        const inner = word.includes('$') && nesting < maxNesting ? expandVars(word, lookup, escape, nesting + 1) : undefined;
        names.push(...(inner?.names ?? []));
        const set = v !== undefined && (v !== '' || !modifier.startsWith(':'));
        if (plus && v === undefined) {
          unresolved.push(name);
        }
        const useWord = dash ? !set : set;
        if (useWord) {
          unresolved.push(...(inner?.unresolved ?? []));
        }
        value += useWord ? unquoteWord(inner?.value ?? word, escape) : dash ? (v as string) : '';
      } else {
        unresolved.push(name);
      }
      k = close + 1;
      continue;
    }
    const m = nameRe.exec(input.slice(k + 1, k + 257));
    if (!m) {
      value += c;
      k++;
      continue;
    }
    const name = m[0];
    names.push(name);
    const v = lookup(name);
    if (v === undefined) {
      unresolved.push(name);
    }
    value += v ?? '';
    k += 1 + name.length;
  }
  return { value, unresolved, names };
}

/** Variable references with their offsets in `input` (for precise ranges). */
export function findVarRefs(input: string, escape = '\\', nesting = 0): { name: string; start: number; end: number; modifier: string }[] {
  const out: { name: string; start: number; end: number; modifier: string }[] = [];
  let k = input.indexOf('$');
  if (k < 0) {
    return out;
  }
  // An escape character before the first `$` may escape it: scan from there.
  const escapeAt = input.lastIndexOf(escape, k - 1);
  k = escapeAt >= 0 ? 0 : k;
  while (k < input.length) {
    const c = input[k];
    if (c === escape) {
      k += 2;
      continue;
    }
    if (c !== '$') {
      k++;
      continue;
    }
    if (input[k + 1] === '{') {
      const close = closingBrace(input, k, escape);
      if (close < 0) {
        break;
      }
      const body = input.slice(k + 2, close);
      const name = nameRe.exec(body)?.[0] ?? '';
      if (name !== '') {
        out.push({ name, start: k, end: close + 1, modifier: body.slice(name.length) });
        // References nested in the modifier word (`${A:-${B}}`) are expanded too.
        const wordStart = k + 2 + name.length;
        const dollar = input.indexOf('$', wordStart);
        if (dollar >= 0 && dollar < close && nesting < maxNesting) {
          for (const ref of findVarRefs(input.slice(wordStart, close), escape, nesting + 1)) {
            out.push({ ...ref, start: ref.start + wordStart, end: ref.end + wordStart });
          }
        }
      }
      k = close + 1;
      continue;
    }
    const name = nameRe.exec(input.slice(k + 1, k + 257))?.[0];
    if (name) {
      out.push({ name, start: k, end: k + 1 + name.length, modifier: '' });
      k += 1 + name.length;
    } else {
      k++;
    }
  }
  return out;
}

/** Build arguments the builder predefines (platform and proxy). */
export const predefinedArgs = new Set([
  'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT',
  'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT',
  'HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy',
  'BUILDKIT_SYNTAX', 'BUILDKIT_CONTEXT_KEEP_GIT_DIR', 'BUILDKIT_INLINE_CACHE', 'BUILDKIT_MULTI_PLATFORM', 'BUILDKIT_SANDBOX_HOSTNAME', 'SOURCE_DATE_EPOCH',
]);
