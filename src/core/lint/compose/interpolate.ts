/**
 * Variables from a project's `.env` file, by name. An undefined value is a variable the file sets to something the
 * linter does not know or may not show: a value from the shell (`KEY` alone), one built from an unknown variable, or
 * one whose name looks secret.
 */
export type DotEnv = ReadonlyMap<string, string | undefined>;

/** A `${…}` or `$NAME` section of a text, outside any other, and the part of the interpolated text it gave (`[start, end)`). */
export interface Section {
  name: string;
  /** `env`: the variable's `.env` value decided it; `default`: its `${NAME:-default}` / `${NAME-default}` default did. */
  from: 'env' | 'default';
  start: number;
  end: number;
}

/** Text after Compose's interpolation, and the variables whose `.env` value it used (first use first). */
export interface Interpolated {
  value: string;
  fromEnv: string[];
  /** The outermost sections a `.env` value or a default decided, in order (interpolateTraced gives them). */
  sections?: Section[];
}

/** What one interpolation used: the `.env` variables, and where there is one, the outermost sections. */
interface Uses {
  fromEnv: string[];
  sections?: Section[];
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
function braced(body: string, env: DotEnv, uses: Uses): { text: string | undefined; from?: Section['from']; name: string } | undefined {
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
  // Sections inside this one are no outermost sections.
  const inner: Uses = { fromEnv: uses.fromEnv };
  if (counts) {
    uses.fromEnv.push(name);
  }
  if (op === undefined || op.endsWith('?')) {
    return { text: counts ? value : undefined, name, from: 'env' };
  }
  if (op.endsWith('-')) {
    return counts ? { text: value, name, from: 'env' } : { text: interpolateInto(arg, env, inner), name, from: 'default' };
  }
  return counts ? { text: interpolateInto(arg, env, inner), name, from: 'env' } : { text: '', name };
}

function interpolateInto(text: string, env: DotEnv, uses: Uses): string | undefined {
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
    let part: ReturnType<typeof braced>;
    if (next === '{') {
      const close = closingBrace(text, at + 1);
      if (close < 0) {
        return undefined;
      }
      part = braced(text.slice(at + 2, close), env, uses);
      i = close + 1;
    } else {
      const name = nameRe.exec(text.slice(at + 1))?.[0];
      if (name === undefined) {
        out += '$';
        i = at + 1;
        continue;
      }
      part = braced(name, env, uses);
      i = at + 1 + name.length;
    }
    if (part?.text === undefined) {
      return undefined;
    }
    if (part.from !== undefined && part.text !== '') {
      uses.sections?.push({ name: part.name, from: part.from, start: out.length, end: out.length + part.text.length });
    }
    out += part.text;
  }
  return out;
}

/** `text` as Compose interpolates it with `env` (see braced); undefined when any part of it is unknown. */
export function interpolate(text: string, env: DotEnv): Interpolated | undefined {
  const uses: Uses = { fromEnv: [] };
  const value = interpolateInto(text, env, uses);
  return value === undefined ? undefined : { value, fromEnv: [...new Set(uses.fromEnv)] };
}

/**
 * interpolate, with the outermost sections a `.env` value or a default decided (`sections`), for a message to say where
 * a part of the value came from (originNote). A variable `env` does not set is taken as unset: `${NAME:-default}` and
 * `${NAME-default}` give their defaults, `${NAME:+alt}` nothing.
 */
export function interpolateTraced(text: string, env: DotEnv): Interpolated | undefined {
  const uses: Uses = { fromEnv: [], sections: [] };
  const value = interpolateInto(text, env, uses);
  return value === undefined ? undefined : { value, fromEnv: [...new Set(uses.fromEnv)], sections: uses.sections ?? [] };
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

function listed(names: readonly string[]): string {
  return names.length < 3 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}

/** `(ES_PORT from .env)`: for a finding's message that a `.env` value decides. */
export function fromEnvNote(names: readonly string[]): string {
  return `(${listed(names)} from .env)`;
}

/**
 * Where the part `[start, end)` of an interpolated value came from, for a finding's message: `(TAG from .env)`,
 * `(the default of POSTGRES_VERSION)`, `(REGISTRY from .env; the defaults of NAME and TAG)`; '' when no section gave any of it.
 */
export function originNote(read: Interpolated, start = 0, end = read.value.length): string {
  const sections = (read.sections ?? []).filter((s) => s.start < end && s.end > start);
  const names = (from: Section['from']) => [...new Set(sections.filter((s) => s.from === from).map((s) => s.name))];
  const env = names('env');
  const defaults = names('default');
  const parts = [env.length > 0 ? `${listed(env)} from .env` : '', defaults.length > 0 ? `the default${defaults.length > 1 ? 's' : ''} of ${listed(defaults)}` : ''].filter((p) => p !== '');
  return parts.length > 0 ? `(${parts.join('; ')})` : '';
}
