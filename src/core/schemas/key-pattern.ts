/**
 * `patternProperties` patterns tested against a manifest's keys, in bounded time and without throwing.
 * The patterns come from the bundled schemas, a cluster's CRDs or the cached copy of them, and the keys
 * from the file being edited: a pattern JavaScript rejects (Go's `(?i)`) threw out of validation, and
 * one that backtracks (`^(a+)+$`) took seconds on a 27-character key and never ended on a longer one.
 *
 * A pattern is refused when it holds a back-reference, a repeated group that itself repeats or
 * alternates, or more than two unbounded repeats; a key is not tested past 256 characters. Either way
 * the answer is "cannot tell" (undefined), never a guess.
 */

/** Longer keys are not tested (Kubernetes keys are at most 317 characters with a prefix; names 253). */
export const maxTestedKeyLength = 256;
const maxUnboundedRepeats = 2;
const maxRemembered = 256;

interface GroupScan {
  repeats: boolean;
  alternates: boolean;
}

/** `{n}`, `{n,}` or `{n,m}` at `i`: its length and whether it repeats (a bound above 1) and without an upper bound. */
function braceQuantifier(source: string, i: number): { length: number; repeats: boolean; unbounded: boolean } | undefined {
  const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i, i + 24));
  if (!m) {
    return undefined;
  }
  const unbounded = m[2] !== undefined && m[3] === '';
  const max = unbounded ? Infinity : Number(m[3] ?? m[1]);
  return { length: m[0].length, repeats: max > 1, unbounded };
}

/** The end of the character class opening at `i` (the index of its `]`), or the source's length. */
function classEnd(source: string, i: number): number {
  for (let j = i + 1; j < source.length; j++) {
    if (source[j] === '\\') {
      j++;
    } else if (source[j] === ']') {
      return j;
    }
  }
  return source.length;
}

/** Why testing `source` could take time beyond any bound (exponential or high-degree backtracking), or undefined. */
export function backtrackingRisk(source: string): string | undefined {
  const groups: GroupScan[] = [{ repeats: false, alternates: false }];
  let unbounded = 0;
  let closed: GroupScan | undefined; // the group just closed, when the next character may quantify it
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    const top = groups[groups.length - 1] as GroupScan;
    let quantifier: { length: number; repeats: boolean; unbounded: boolean } | undefined;
    if (c === '*' || c === '+') {
      quantifier = { length: 1, repeats: true, unbounded: true };
    } else if (c === '?') {
      quantifier = { length: 1, repeats: false, unbounded: false };
    } else if (c === '{') {
      quantifier = braceQuantifier(source, i);
    }
    if (quantifier) {
      if (quantifier.repeats && closed && (closed.repeats || closed.alternates)) {
        return 'a repeated group that itself repeats or alternates';
      }
      top.repeats ||= quantifier.repeats;
      unbounded += quantifier.unbounded ? 1 : 0;
      if (unbounded > maxUnboundedRepeats) {
        return `more than ${maxUnboundedRepeats} unbounded repeats`;
      }
      i += quantifier.length - 1;
      if (source[i + 1] === '?') {
        i++; // lazy
      }
      closed = undefined;
      continue;
    }
    closed = undefined;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && source[i + 2] === '<')) {
        return 'a back-reference';
      }
      i++;
    } else if (c === '[') {
      i = classEnd(source, i);
    } else if (c === '(') {
      groups.push({ repeats: false, alternates: false });
    } else if (c === ')' && groups.length > 1) {
      const group = groups.pop() as GroupScan;
      (groups[groups.length - 1] as GroupScan).repeats ||= group.repeats;
      closed = group;
    } else if (c === '|') {
      top.alternates = true;
    }
  }
  return undefined;
}

/** A pattern compiled as ECMA-262 (with `u` when it allows), or null when it is invalid or refused. */
function compile(pattern: string): RegExp | null {
  if (backtrackingRisk(pattern) !== undefined) {
    return null;
  }
  for (const flags of ['u', '']) {
    try {
      return new RegExp(pattern, flags);
    } catch {
      // next
    }
  }
  return null;
}

const compiled = new Map<string, RegExp | null>();

/** Whether `key` matches `pattern`; undefined when that cannot be told safely (see the file's comment). */
export function keyMatchesPattern(pattern: string, key: string): boolean | undefined {
  let re = compiled.get(pattern);
  if (re === undefined) {
    re = compile(pattern);
    if (compiled.size >= maxRemembered) {
      compiled.clear();
    }
    compiled.set(pattern, re);
  }
  if (re === null || key.length > maxTestedKeyLength) {
    return undefined;
  }
  return re.test(key);
}
