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

export function expandVars(input: string, lookup: Lookup, escape = '\\'): Expansion {
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
      const close = input.indexOf('}', k + 2);
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
      if (modifier === '') {
        if (v === undefined) {
          unresolved.push(name);
        }
        value += v ?? '';
      } else if (/^:?-/.test(modifier)) {
        const alt = modifier.replace(/^:?-/, '');
        value += v !== undefined && (v !== '' || !modifier.startsWith(':')) ? v : alt;
      } else if (/^:?\+/.test(modifier)) {
        const alt = modifier.replace(/^:?\+/, '');
        if (v === undefined) {
          unresolved.push(name);
        }
        value += v !== undefined && (v !== '' || !modifier.startsWith(':')) ? alt : '';
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
export function findVarRefs(input: string, escape = '\\'): { name: string; start: number; end: number; modifier: string }[] {
  const out: { name: string; start: number; end: number; modifier: string }[] = [];
  let k = 0;
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
      const close = input.indexOf('}', k + 2);
      if (close < 0) {
        break;
      }
      const body = input.slice(k + 2, close);
      const name = nameRe.exec(body)?.[0] ?? '';
      if (name !== '') {
        out.push({ name, start: k, end: close + 1, modifier: body.slice(name.length) });
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
