/** One `target` of a Buildx bake file: where its Dockerfile is and the named contexts it passes. */
export interface BakeTarget {
  name: string;
  dockerfile?: string;
  context?: string;
  /** Names of its named build contexts (`contexts = { name = "target:x" }`), its own and inherited. */
  contexts: string[];
  inherits: string[];
}

type Token = { kind: 'word' | 'string' | 'punct'; text: string };

/** Past this a bake file is not read: real ones are a few kilobytes. */
const maxBakeChars = 256 * 1024;

/**
 * The tokens of an HCL text, as far as bake's blocks and attributes need: identifiers, strings (an interpolated
 * `${…}` kept as written), punctuation; comments (`#`, `//`, `/* … *\/`) and heredoc bodies dropped.
 */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '#' || (ch === '/' && text[i + 1] === '/')) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (ch === '"') {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') {
        if (text[j] === '\\' && j + 1 < text.length) {
          value += text[j + 1];
          j += 2;
        } else {
          value += text[j];
          j++;
        }
      }
      tokens.push({ kind: 'string', text: value });
      i = j + 1;
    } else if (ch === '<' && text[i + 1] === '<') {
      const m = /^<<-?([A-Za-z_][A-Za-z0-9_]*)[^\n]*\n/.exec(text.slice(i, i + 200));
      const end = m ? text.indexOf(`\n${m[1]}`, i + m[0].length - 1) : -1;
      tokens.push({ kind: 'string', text: '' });
      i = m && end >= 0 ? end + 1 + (m[1] as string).length : i + 2;
    } else if (/[A-Za-z0-9_.-]/.test(ch)) {
      let j = i + 1;
      while (j < text.length && /[A-Za-z0-9_.-]/.test(text[j] as string)) {
        j++;
      }
      tokens.push({ kind: 'word', text: text.slice(i, j) });
      i = j;
    } else if (/\s/.test(ch)) {
      i++;
    } else {
      tokens.push({ kind: 'punct', text: ch });
      i++;
    }
  }
  return tokens;
}

/** The index past the value starting at `i`: a string or word, a function call, or a balanced list or object. */
function skipValue(tokens: readonly Token[], i: number): number {
  let j = i;
  if (tokens[j]?.kind === 'word' && tokens[j + 1]?.text === '(') {
    j++;
  }
  let depth = 0;
  do {
    const t = tokens[j];
    if (!t) {
      return j;
    }
    if (t.kind === 'punct' && (t.text === '{' || t.text === '[' || t.text === '(')) {
      depth++;
    } else if (t.kind === 'punct' && (t.text === '}' || t.text === ']' || t.text === ')')) {
      depth--;
    }
    j++;
  } while (depth > 0);
  return j;
}

/** The keys of an object value `{ a = "…", "b" = "…" }` starting at `i` (its `{`). */
function objectKeys(tokens: readonly Token[], i: number): string[] {
  const keys: string[] = [];
  let j = i + 1;
  while (j < tokens.length && tokens[j]?.text !== '}') {
    const key = tokens[j] as Token;
    const sep = tokens[j + 1];
    if ((key.kind === 'word' || key.kind === 'string') && sep?.kind === 'punct' && (sep.text === '=' || sep.text === ':')) {
      keys.push(key.text);
      j = skipValue(tokens, j + 2);
    } else {
      j++;
    }
  }
  return keys;
}

/** The strings of a list value `["a", "b"]` starting at `i` (its `[`). */
function listStrings(tokens: readonly Token[], i: number): string[] {
  const out: string[] = [];
  for (let j = i + 1; j < tokens.length && tokens[j]?.text !== ']'; j++) {
    const t = tokens[j] as Token;
    if (t.kind === 'string') {
      out.push(t.text);
    }
  }
  return out;
}

/** The block's attributes (`key = value` at its top level), each with the index of its value's first token. */
function blockAttributes(tokens: readonly Token[], start: number, end: number): Map<string, number> {
  const attributes = new Map<string, number>();
  let j = start;
  while (j < end) {
    const key = tokens[j] as Token;
    if (key.kind === 'word' && tokens[j + 1]?.text === '=') {
      attributes.set(key.text, j + 2);
      j = skipValue(tokens, j + 2);
    } else {
      j = key.kind === 'punct' && key.text === '{' ? skipValue(tokens, j) : j + 1;
    }
  }
  return attributes;
}

/** `${NAME}` replaced by the variable's value where every one has a value; else the text as written. */
function interpolate(text: string, variables: ReadonlyMap<string, string>): string {
  let unresolved = false;
  const out = text.replace(/\$\{\s*([A-Za-z_][A-Za-z0-9_-]*)\s*\}/g, (whole, name: string) => {
    const value = variables.get(name);
    unresolved ||= value === undefined;
    return value ?? whole;
  });
  return unresolved ? text : out;
}

function targetFromAttributes(name: string, tokens: readonly Token[], start: number, end: number, variables: ReadonlyMap<string, string>): BakeTarget {
  const target: BakeTarget = { name, contexts: [], inherits: [] };
  for (const [key, at] of blockAttributes(tokens, start, end)) {
    const value = tokens[at] as Token;
    if (value.kind === 'string' && (key === 'dockerfile' || key === 'context')) {
      target[key] = interpolate(value.text, variables);
    } else if (value.text === '{' && key === 'contexts') {
      target.contexts = objectKeys(tokens, at);
    } else if (value.text === '[' && key === 'inherits') {
      target.inherits = listStrings(tokens, at);
    }
  }
  return target;
}

type Block = { type: string; label: string; start: number; end: number };

/** The top-level blocks `<type> "<label>" { … }` (or an unquoted label): type, label and the bounds of the body. */
function topLevelBlocks(tokens: readonly Token[]): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i] as Token;
    const label = tokens[i + 1];
    const open = tokens[i + 2];
    if (t.kind === 'word' && (label?.kind === 'string' || label?.kind === 'word') && open?.text === '{') {
      const end = skipValue(tokens, i + 2);
      blocks.push({ type: t.text, label: label.text, start: i + 3, end: end - 1 });
      i = end;
    } else if (t.kind === 'punct' && t.text === '{') {
      i = skipValue(tokens, i);
    } else {
      i++;
    }
  }
  return blocks;
}

/** Environment variables a bake run sees: a declared variable takes its value from one of its name, as `docker buildx bake` does. */
export type BakeEnvironment = Readonly<Record<string, string | undefined>>;

function hclTargets(text: string, env: BakeEnvironment): BakeTarget[] {
  const tokens = tokenize(text);
  const blocks = topLevelBlocks(tokens);
  const variables = new Map<string, string>();
  for (const b of blocks.filter((x) => x.type === 'variable')) {
    const fromEnv = Object.hasOwn(env, b.label) ? env[b.label] : undefined;
    const at = blockAttributes(tokens, b.start, b.end).get('default');
    const value = at === undefined ? undefined : tokens[at];
    if (fromEnv !== undefined) {
      variables.set(b.label, fromEnv);
    } else if (value?.kind === 'string' && !value.text.includes('${')) {
      variables.set(b.label, value.text);
    }
  }
  return blocks.filter((b) => b.type === 'target').map((b) => targetFromAttributes(b.label, tokens, b.start, b.end, variables));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonTargets(text: string): BakeTarget[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return [];
  }
  const targets = isRecord(doc) && isRecord(doc.target) ? doc.target : {};
  return Object.entries(targets).flatMap(([name, t]) => {
    if (!isRecord(t)) {
      return [];
    }
    const target: BakeTarget = { name, contexts: isRecord(t.contexts) ? Object.keys(t.contexts) : [], inherits: Array.isArray(t.inherits) ? t.inherits.filter((x): x is string => typeof x === 'string') : [] };
    if (typeof t.dockerfile === 'string') {
      target.dockerfile = t.dockerfile;
    }
    if (typeof t.context === 'string') {
      target.context = t.context;
    }
    return [target];
  });
}

/**
 * The targets of a bake file (HCL, or JSON when `json`), each with what it inherits merged in (its own values win).
 * `${NAME}` in an HCL target's paths is the variable's value: from `env` when set there, else its default.
 */
export function bakeTargets(text: string, json: boolean, env: BakeEnvironment = {}): BakeTarget[] {
  if (text.length > maxBakeChars || text.includes('\0')) {
    return [];
  }
  const targets = json ? jsonTargets(text) : hclTargets(text, env);
  const byName = new Map(targets.map((t) => [t.name, t]));
  const resolve = (t: BakeTarget, seen: Set<string>): BakeTarget => {
    let merged: BakeTarget = { ...t, contexts: [...t.contexts] };
    for (const parentName of t.inherits) {
      const parent = byName.get(parentName);
      if (!parent || seen.has(parentName) || seen.size > 32) {
        continue;
      }
      const p = resolve(parent, new Set([...seen, parentName]));
      merged = {
        ...merged,
        ...(merged.dockerfile === undefined && p.dockerfile !== undefined ? { dockerfile: p.dockerfile } : {}),
        ...(merged.context === undefined && p.context !== undefined ? { context: p.context } : {}),
        contexts: [...new Set([...p.contexts, ...merged.contexts])],
      };
    }
    return merged;
  };
  return targets.map((t) => resolve(t, new Set([t.name])));
}
