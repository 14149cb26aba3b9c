/**
 * Shell-style wildcards (`*`, `?`, `**`, `[...]`) matched without catastrophic backtracking.
 *
 * The patterns come from the files being linted or built (COPY sources, `.dockerignore` lines,
 * `.mlc.yaml` paths). As a backtracking regular expression, a pattern with many stars takes time
 * exponential in their number: `COPY *a*a*a*a*a*a*a*a*a*a*a*c .` against a 40-character file name
 * took 17 s. Patterns with at most two stars stay regular expressions (fast, and at worst quadratic
 * in the name's length); longer ones run on a set-of-states simulation, linear in the name's length
 * times the pattern's.
 */

/** What a pattern's characters mean; everything else is literal. */
export interface WildcardSyntax {
  /** `**` spans segments (`**` then `/`: any folders, or none); without it, `**` is two `*`. */
  globstar: boolean;
  /** `\x` is a literal x. */
  escapes: boolean;
  /** `[...]` is one character of a class: its body as a regular-expression class; unset: `[` is literal. */
  classBody?: (body: string) => string;
  /** `**` also spans line breaks (a regular expression's `s` flag). */
  dotAll?: boolean;
}

export interface Wildcard {
  /** Does the whole text match? */
  test(text: string): boolean;
}

const enum Op {
  Char,
  /** `?`: one character but `/`. */
  One,
  Class,
  /** `*`: any run of characters but `/`. */
  Star,
  /** `**`: any run of characters. */
  Any,
  /** `**` then `/`: nothing, or any run of characters that ends with `/`. */
  Dirs,
}

type Token = { op: Op.Char; code: number } | { op: Op.Class; re: RegExp; source: string } | { op: Op.One | Op.Star | Op.Any | Op.Dirs };

const mostStarsForRegExp = 2;
const slash = 47;

function escapeRegExp(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function tokenize(pattern: string, syntax: WildcardSyntax): Token[] {
  const tokens: Token[] = [];
  for (let k = 0; k < pattern.length; k++) {
    const c = pattern[k] as string;
    if (c === '*') {
      if (syntax.globstar && pattern[k + 1] === '*') {
        k++;
        if (pattern[k + 1] === '/') {
          k++;
          tokens.push({ op: Op.Dirs });
        } else {
          tokens.push({ op: Op.Any });
        }
      } else {
        tokens.push({ op: Op.Star });
      }
    } else if (c === '?') {
      tokens.push({ op: Op.One });
    } else if (c === '[' && syntax.classBody && pattern.indexOf(']', k + 1) >= 0) {
      const close = pattern.indexOf(']', k + 1);
      const source = `[${syntax.classBody(pattern.slice(k + 1, close))}]`;
      tokens.push({ op: Op.Class, re: new RegExp(`^${source}$`), source });
      k = close;
    } else if (c === '\\' && syntax.escapes && k + 1 < pattern.length) {
      tokens.push({ op: Op.Char, code: pattern.charCodeAt(++k) });
    } else {
      tokens.push({ op: Op.Char, code: pattern.charCodeAt(k) });
    }
  }
  return tokens;
}

function regExpOf(tokens: readonly Token[], dotAll: boolean): RegExp {
  let re = '';
  for (const t of tokens) {
    if (t.op === Op.Char) {
      re += escapeRegExp(String.fromCharCode(t.code));
    } else if (t.op === Op.One) {
      re += '[^/]';
    } else if (t.op === Op.Class) {
      re += t.source;
    } else if (t.op === Op.Star) {
      re += '[^/]*';
    } else if (t.op === Op.Any) {
      re += '.*';
    } else {
      re += '(?:.*/)?';
    }
  }
  return new RegExp(`^${re}$`, dotAll ? 's' : '');
}

function isLineTerminator(code: number): boolean {
  return code === 10 || code === 13 || code === 0x2028 || code === 0x2029;
}

/**
 * The pattern as states: state 2i is "before token i", 2i+1 is "inside token i's `**`/" (some
 * characters taken, a `/` still to come). Each step keeps the set of states the text so far can be in.
 */
class StateSet implements Wildcard {
  private readonly end: number;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly dotAll: boolean,
  ) {
    this.end = 2 * tokens.length;
  }

  test(text: string): boolean {
    const size = this.end + 2;
    let current = new Uint8Array(size);
    let next = new Uint8Array(size);
    this.enter(current, 0);
    for (let i = 0; i < text.length; i++) {
      next.fill(0);
      const code = text.charCodeAt(i);
      let any = false;
      for (let s = 0; s < this.end; s++) {
        if (current[s] === 1) {
          any = this.step(s, code, next) || any;
        }
      }
      if (!any) {
        return false;
      }
      [current, next] = [next, current];
    }
    return current[this.end] === 1;
  }

  /** Adds state `s` and every state reachable from it without taking a character. */
  private enter(set: Uint8Array, s: number): void {
    while (set[s] !== 1) {
      set[s] = 1;
      if (s >= this.end || s % 2 === 1) {
        return;
      }
      const op = (this.tokens[s / 2] as Token).op;
      if (op !== Op.Star && op !== Op.Any && op !== Op.Dirs) {
        return;
      }
      s += 2;
    }
  }

  /** Takes character `code` from state `s` into `next`; true when it leads anywhere. */
  private step(s: number, code: number, next: Uint8Array): boolean {
    const t = this.tokens[s >> 1] as Token;
    const dot = this.dotAll || !isLineTerminator(code);
    switch (t.op) {
      case Op.Char:
        if (code !== t.code) {
          return false;
        }
        this.enter(next, s + 2);
        return true;
      case Op.One:
        if (code === slash) {
          return false;
        }
        this.enter(next, s + 2);
        return true;
      case Op.Class:
        if (!t.re.test(String.fromCharCode(code))) {
          return false;
        }
        this.enter(next, s + 2);
        return true;
      case Op.Star:
        if (code === slash) {
          return false;
        }
        this.enter(next, s);
        return true;
      case Op.Any:
        if (!dot) {
          return false;
        }
        this.enter(next, s);
        return true;
      default: {
        // Dirs, before or inside: the run's characters, and a `/` may end it.
        const taken = s | 1;
        if (code === slash) {
          this.enter(next, taken);
          this.enter(next, (s & ~1) + 2);
          return true;
        }
        if (!dot) {
          return false;
        }
        this.enter(next, taken);
        return true;
      }
    }
  }
}

/**
 * The pattern, anchored at both ends, as a matcher safe from catastrophic backtracking. Throws a
 * SyntaxError, as a regular expression would, when a class is not a valid one (`[z-a]`).
 */
export function compileWildcard(pattern: string, syntax: WildcardSyntax): Wildcard {
  const tokens = tokenize(pattern, syntax);
  const dotAll = syntax.dotAll === true;
  const stars = tokens.filter((t) => t.op === Op.Star || t.op === Op.Any || t.op === Op.Dirs).length;
  if (stars <= mostStarsForRegExp) {
    return regExpOf(tokens, dotAll);
  }
  return new StateSet(tokens, dotAll);
}

/** The two engines on their own, for tests that hold one against the other. */
export const wildcardEngines = {
  regExp: (pattern: string, syntax: WildcardSyntax): Wildcard => regExpOf(tokenize(pattern, syntax), syntax.dotAll === true),
  states: (pattern: string, syntax: WildcardSyntax): Wildcard => new StateSet(tokenize(pattern, syntax), syntax.dotAll === true),
};
