/**
 * Variables from a project's `.env` file, by name. An undefined value is a variable the file sets to something the
 * linter does not know or may not show: a value from the shell (`KEY` alone), one built from an unknown variable, or
 * one whose name looks secret.
 */
export type DotEnv = ReadonlyMap<string, string | undefined>;

/** Text after Compose's interpolation, and the variables whose `.env` value it used (first use first). */
export interface Interpolated {
  value: string;
  fromEnv: string[];
}

const nameRe = /^[A-Za-z_][A-Za-z0-9_]*/;
const referenceRe = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;

/** The names of the variables a text reads (`${A}`, `$B`, `${C:-x}`), once per reading, in order. */
export function variablesRead(text: string): string[] {
  return [...text.matchAll(referenceRe)].map((m) => m[1] as string);
}
const bracedRe = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/;

/** Index of the `}` closing the `${` at `open`, nested `${…}` skipped; -1 when it does not close. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') {
      depth++;
    } else if (text[i] === '}' && --depth === 0) {
      return i;
    }
  }
  return -1;
}

/**
 * One `${…}` body (`NAME`, `NAME:-default`, `NAME-default`, `NAME:?err`, `NAME?err`, `NAME:+alt`, `NAME+alt`) with the
 * `.env` values; a variable the file does not set is taken as unset, as Compose runs without a shell override.
 * Undefined when the result is unknown: an unset variable without a default, or one the file sets to an unknown value.
 */
function braced(body: string, env: DotEnv, fromEnv: string[]): string | undefined {
  const m = bracedRe.exec(body);
  if (!m) {
    return undefined;
  }
  const [, name = '', op, arg = ''] = m;
  const set = env.has(name);
  const value = env.get(name);
  if (set && value === undefined) {
    return undefined;
  }
  const counts = set && (op === undefined || !op.startsWith(':') || value !== '');
  if (counts) {
    fromEnv.push(name);
  }
  if (op === undefined || op.endsWith('?')) {
    return counts ? value : undefined;
  }
  if (op.endsWith('-')) {
    return counts ? value : interpolateInto(arg, env, fromEnv);
  }
  return counts ? interpolateInto(arg, env, fromEnv) : '';
}

function interpolateInto(text: string, env: DotEnv, fromEnv: string[]): string | undefined {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const at = text.indexOf('$', i);
    if (at < 0) {
      return out + text.slice(i);
    }
    out += text.slice(i, at);
    const next = text[at + 1];
    if (next === '$') {
      out += '$';
      i = at + 2;
      continue;
    }
    let part: string | undefined;
    if (next === '{') {
      const close = closingBrace(text, at + 1);
      if (close < 0) {
        return undefined;
      }
      part = braced(text.slice(at + 2, close), env, fromEnv);
      i = close + 1;
    } else {
      const name = nameRe.exec(text.slice(at + 1))?.[0];
      if (name === undefined) {
        out += '$';
        i = at + 1;
        continue;
      }
      part = braced(name, env, fromEnv);
      i = at + 1 + name.length;
    }
    if (part === undefined) {
      return undefined;
    }
    out += part;
  }
  return out;
}

/** `text` as Compose interpolates it with `env` (see braced); undefined when any part of it is unknown. */
export function interpolate(text: string, env: DotEnv): Interpolated | undefined {
  const fromEnv: string[] = [];
  const value = interpolateInto(text, env, fromEnv);
  return value === undefined ? undefined : { value, fromEnv: [...new Set(fromEnv)] };
}

/**
 * interpolate, only where a `.env` value takes part: undefined for text the file leaves as it was without it, which the
 * callers judge as before (a whole `${VAR:-default}` by its default, other interpolations as unknown).
 */
export function interpolateWithEnv(text: string, env: DotEnv | undefined): Interpolated | undefined {
  if (env === undefined || env.size === 0 || !text.includes('$')) {
    return undefined;
  }
  const out = interpolate(text, env);
  return out && out.fromEnv.length > 0 ? out : undefined;
}

/** `(ES_PORT from .env)`: for a finding's message that a `.env` value decides. */
export function fromEnvNote(names: readonly string[]): string {
  const list = names.length < 3 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
  return `(${list} from .env)`;
}
