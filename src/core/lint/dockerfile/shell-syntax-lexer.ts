/** A token of a shell script: offsets are in the script text. */
export interface ShellToken {
  kind: 'word' | 'op' | 'end';
  /** The word as written (quotes kept), the operator, or '' at the end. */
  text: string;
  start: number;
  end: number;
}

/** A construct the script never closes, or a token the grammar does not allow where it stands. */
export interface SyntaxProblem {
  kind: 'unclosed' | 'unexpected' | 'dangling';
  /** The opener left open (`if`, `"`, `$(`), the misplaced token (`fi`, `;;`), or the operator missing its command (`&&`). */
  token: string;
  start: number;
  end: number;
  /** What would have closed or continued the construct (`fi`, `"`). */
  expected?: string;
  /** For `unexpected` and `dangling`: the construct still open around the token, if any. */
  open?: ShellToken;
  /** For `dangling`: the token that follows the operator (undefined at the end of the script). */
  next?: ShellToken;
  /** The token comes after an opener that holds no command (`then` right after `if`). */
  empty?: boolean;
}

/** Thrown with a problem the script certainly has. */
export class ShellSyntaxError extends Error {
  constructor(
    readonly problem: SyntaxProblem,
    /** The problem is that the script ended early (as opposed to a token in the wrong place). */
    readonly atEnd: boolean,
  ) {
    super(problem.token);
  }
}

/**
 * Thrown where the script uses a construct shells read differently (extglob, heredocs, `$'…'` left open, bash's
 * `((`): nothing is reported then.
 */
export class UnsureSyntax extends Error {}

const metaChars = ' \t\n;&|<>()';
/** Longest first: the lexer takes the first operator the text starts with. */
const operators = [';;&', '&>>', '<<<', '&&', '||', '|&', ';;', ';&', '&>', '>>', '>&', '>|', '<&', '<>', ';', '&', '|', '(', ')', '<', '>', '\n'];
/** The operators by their first character, each list in the order of `operators`. */
const operatorsByFirst = new Map<string, string[]>();
for (const op of operators) {
  const first = op[0] as string;
  operatorsByFirst.set(first, [...(operatorsByFirst.get(first) ?? []), op]);
}
const metaCodes = new Uint8Array(128);
for (const c of metaChars) {
  metaCodes[c.charCodeAt(0)] = 1;
}

/** metaChars.includes(c), by a table for the one character the lexer reads at a time. */
function isMetaChar(c: string): boolean {
  if (c.length !== 1) {
    return metaChars.includes(c);
  }
  const code = c.charCodeAt(0);
  return code < 128 && metaCodes[code] === 1;
}
export const redirections: ReadonlySet<string> = new Set(['<<<', '&>>', '&>', '>>', '>&', '>|', '<&', '<>', '<', '>']);
/** An IO_NUMBER (`2>&1`) or bash's `{name}` (`{fd}>file`) when it touches a redirection operator. */
const ioNumber = /^(?:[0-9]+|\{[A-Za-z_][A-Za-z0-9_]*\})$/;
const arrayAssignment = /^[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?\+?=$/;
/** A word ending in one of these right before `(` is an extglob pattern (`!(x)`, `@(a|b)`). */
const extglobMarks = '?*+@!';

/**
 * Splits a POSIX/bash script into words and operators, following its quotes and expansions. `$(…)` bodies are
 * handed to `substitution`, which parses them and returns the offset after their `)`.
 */
export class ShellLexer {
  pos: number;
  /** Quotes and `${…}` open around the one being read (they nest through each other). */
  private nesting = 0;

  constructor(
    readonly text: string,
    start: number,
    private readonly substitution: (bodyStart: number) => number,
    /** Where each `#` comment starts and ends, shared with the lexers of nested substitutions. */
    readonly comments: { start: number; end: number }[],
  ) {
    this.pos = start;
  }

  next(): ShellToken {
    const t = this.text;
    for (;;) {
      this.skipBlanks();
      if (t[this.pos] !== '#') {
        break;
      }
      this.skipComment();
    }
    const start = this.pos;
    if (start >= t.length) {
      return { kind: 'end', text: '', start, end: start };
    }
    const c = t[start] as string;
    if ((c === '<' || c === '>') && t[start + 1] === '(') {
      this.pos = this.substitution(start + 2); // process substitution: a word
      return this.word(start);
    }
    if (isMetaChar(c)) {
      if (t.startsWith('<<', start) && !t.startsWith('<<<', start)) {
        throw new UnsureSyntax('heredoc');
      }
      const op = (operatorsByFirst.get(c) ?? []).find((o) => t.startsWith(o, start)) as string;
      this.pos = start + op.length;
      return { kind: 'op', text: op, start, end: this.pos };
    }
    return this.word(start);
  }

  /** Blanks, and the line continuations (`\\` newline) a heredoc body keeps, which the shell removes. */
  private skipBlanks(): void {
    const t = this.text;
    for (;;) {
      const c = t[this.pos];
      if (c === ' ' || c === '\t') {
        this.pos++;
      } else if (c === '\\' && t[this.pos + 1] === '\n') {
        this.pos += 2;
      } else {
        return;
      }
    }
  }

  private skipComment(): void {
    const newline = this.text.indexOf('\n', this.pos);
    const end = newline < 0 ? this.text.length : newline;
    this.comments.push({ start: this.pos, end });
    this.pos = end;
  }

  private word(start: number): ShellToken {
    this.scanWordChars(start, true);
    this.pos = Math.min(this.pos, this.text.length); // a trailing backslash
    const raw = this.text.slice(start, this.pos);
    const text = raw.includes('\\\n') ? raw.replace(/\\\n/g, '') : raw;
    if (ioNumber.test(text) && this.startsRedirection()) {
      const op = this.next();
      return { kind: 'op', text: op.text, start, end: op.end };
    }
    return { kind: 'word', text, start, end: this.pos };
  }

  /** `<` or `>` right here, not opening a process substitution: the word before it names the descriptor. */
  private startsRedirection(): boolean {
    const c = this.text[this.pos];
    return (c === '<' || c === '>') && this.text[this.pos + 1] !== '(';
  }

  /** Advances over the characters of one word (quotes and expansions included) up to a metacharacter. */
  private scanWordChars(start: number, arraysAllowed: boolean): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos] as string;
      if (isMetaChar(c)) {
        if (c !== '(') {
          return;
        }
        const before = t.slice(start, this.pos);
        if (arraysAllowed && arrayAssignment.test(before)) {
          this.scanArray();
          continue;
        }
        if (before !== '' && extglobMarks.includes(before[before.length - 1] as string)) {
          throw new UnsureSyntax('extglob');
        }
        return;
      }
      this.scanWordChar(c, false);
    }
  }

  /** Advances over one character, quoted string or expansion of a word. */
  private scanWordChar(c: string, inDouble: boolean): void {
    if (c === '\\') {
      this.pos += 2;
    } else if (c === "'") {
      this.scanSingle();
    } else if (c === '"') {
      this.scanDouble();
    } else if (c === '`') {
      this.scanBacktick();
    } else if (c === '$') {
      this.scanDollar(inDouble);
    } else {
      this.pos++;
    }
  }

  private enter(): void {
    if (++this.nesting > 100) {
      throw new UnsureSyntax('nesting');
    }
  }

  private unclosed(token: string, start: number, expected: string): never {
    throw new ShellSyntaxError({ kind: 'unclosed', token, start, end: start + token.length, expected }, true);
  }

  private scanSingle(): void {
    const start = this.pos;
    const close = this.text.indexOf("'", start + 1);
    if (close < 0) {
      this.unclosed("'", start, "'");
    }
    this.pos = close + 1;
  }

  private scanDouble(): void {
    const t = this.text;
    const start = this.pos;
    this.enter();
    this.pos++;
    while (this.pos < t.length) {
      const c = t[this.pos] as string;
      if (c === '"') {
        this.pos++;
        this.nesting--;
        return;
      }
      if (c === "'") {
        this.pos++;
      } else {
        this.scanWordChar(c, true);
      }
    }
    this.unclosed('"', start, '"');
  }

  /** The body of a backtick substitution is parsed only when it runs: here only its end is found. */
  private scanBacktick(): void {
    const t = this.text;
    const start = this.pos;
    this.pos++;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === '`') {
        this.pos++;
        return;
      }
      this.pos += c === '\\' ? 2 : 1;
    }
    this.unclosed('`', start, '`');
  }

  private scanDollar(inDouble: boolean): void {
    const t = this.text;
    const start = this.pos;
    const c = t[start + 1];
    if (c === '(') {
      this.pos = t[start + 2] === '(' ? this.scanArithmetic(start + 3) : this.substitution(start + 2);
    } else if (c === '{') {
      this.scanParameter(inDouble);
    } else if (c === "'" && !inDouble) {
      this.scanAnsiC();
    } else {
      this.pos++;
    }
  }

  /** `$'…'` (bash, ksh, zsh; dash since 0.5.12): backslash escapes the quote. Left open, dash may read it otherwise. */
  private scanAnsiC(): void {
    const t = this.text;
    this.pos += 2;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === "'") {
        this.pos++;
        return;
      }
      this.pos += c === '\\' ? 2 : 1;
    }
    throw new UnsureSyntax("$'");
  }

  /** `${…}`, up to the first `}` outside quotes and nested expansions (POSIX 2.6.2). */
  private scanParameter(inDouble: boolean): void {
    const t = this.text;
    const start = this.pos;
    this.enter();
    this.pos += 2;
    while (this.pos < t.length) {
      const c = t[this.pos] as string;
      if (c === '}') {
        this.pos++;
        this.nesting--;
        return;
      }
      if (c === "'" && inDouble) {
        throw new UnsureSyntax("' in \"${…}\""); // bash and dash disagree on whether it quotes
      }
      this.scanWordChar(c, inDouble);
    }
    this.unclosed('${', start, '}');
  }

  /**
   * `$((…))` or bash's `((…))` from just after the second `(`: returns the offset after the closing `))`. A `)` alone
   * at depth 0 means the text was `$( (…) …)`, which shells read differently: unsure.
   */
  scanArithmetic(from: number): number {
    const t = this.text;
    let depth = 0;
    this.enter();
    this.pos = from;
    while (this.pos < t.length) {
      const c = t[this.pos] as string;
      if (c === '(') {
        depth++;
        this.pos++;
      } else if (c === ')') {
        if (depth > 0) {
          depth--;
          this.pos++;
        } else if (t[this.pos + 1] === ')') {
          this.nesting--;
          return this.pos + 2;
        } else {
          throw new UnsureSyntax('$( (');
        }
      } else if (c === "'") {
        throw new UnsureSyntax("' in arithmetic");
      } else {
        this.scanWordChar(c, true);
      }
    }
    throw new UnsureSyntax('$((');
  }

  /** bash's `name=(a b c)`: the elements up to the matching `)`. */
  private scanArray(): void {
    const t = this.text;
    this.pos++;
    for (;;) {
      while (t[this.pos] === ' ' || t[this.pos] === '\t' || t[this.pos] === '\n') {
        this.pos++;
      }
      const c = t[this.pos];
      if (c === ')') {
        this.pos++;
        return;
      }
      if (c === '#') {
        this.skipComment();
        continue;
      }
      if (c === undefined || isMetaChar(c)) {
        throw new UnsureSyntax('array');
      }
      this.scanWordChars(this.pos, false);
    }
  }

  /** The right side of `=~` in `[[ … ]]`: bash reads it as one word in which `(`, `)` and `|` group the regex. */
  skipRegex(): void {
    const t = this.text;
    while (t[this.pos] === ' ' || t[this.pos] === '\t') {
      this.pos++;
    }
    let depth = 0;
    while (this.pos < t.length) {
      const c = t[this.pos] as string;
      if (c === '(') {
        depth++;
      } else if (c === ')') {
        depth--;
      } else if ((c === ' ' || c === '\t' || c === '\n' || c === ';' || c === '&') && depth <= 0) {
        return;
      }
      if ('()|<>'.includes(c)) {
        this.pos++;
      } else {
        this.scanWordChar(c, false);
      }
    }
  }
}
