import type { ShellToken, SyntaxProblem } from './shell-syntax-lexer';
import { redirections, ShellLexer, ShellSyntaxError, UnsureSyntax } from './shell-syntax-lexer';

export type { SyntaxProblem } from './shell-syntax-lexer';

/** Reserved words that end a list: a list stops in front of them (in command position). */
const closingWords = new Set(['then', 'elif', 'else', 'fi', 'do', 'done', 'esac', '}']);
const closingOps = new Set([')', ';;', ';&', ';;&']);
const separators = new Set([';', '&', '\n']);
/** `name=`, `name+=`, `name[i]=`: an assignment before the command name. */
const assignment = /^[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?\+?=/;
/** Words that open a compound command (what a function body must be). */
const compoundOpeners = new Set(['{', 'if', 'while', 'until', 'for', 'select', 'case', '[[']);

/** A reserved word that a command read as an argument (`pip install x fi`), and where the word before it ends. */
export interface ArgumentKeyword {
  text: string;
  start: number;
  end: number;
  before: number;
}

/** What a parse found: the problem, the reserved words read as arguments, and the `#` comments. */
export interface SyntaxReport {
  problem: SyntaxProblem;
  argumentKeywords: ArgumentKeyword[];
  comments: { start: number; end: number }[];
}

/** Receives the words of each simple command the parser reads (redirections left out), `$(…)` bodies included. */
export type CommandSink = (words: readonly ShellToken[]) => void;

interface Shared {
  argumentKeywords: ArgumentKeyword[];
  comments: { start: number; end: number }[];
  /** Lists open around the one being read: deeper nesting is left unjudged rather than risk the stack. */
  depth: number;
  onCommand?: CommandSink;
}

const maxDepth = 100;

function isCloser(t: ShellToken): boolean {
  return t.kind === 'end' || (t.kind === 'word' && closingWords.has(t.text)) || (t.kind === 'op' && closingOps.has(t.text));
}

function startsCommand(t: ShellToken): boolean {
  return (t.kind === 'word' && !closingWords.has(t.text)) || (t.kind === 'op' && (t.text === '(' || redirections.has(t.text)));
}

/**
 * A recursive-descent reader of the POSIX shell grammar (plus the bash forms Dockerfiles use: `[[ ]]`, `(( ))`,
 * arrays, `function`, process substitution), which only checks that the script parses. It accepts what bash or dash
 * accepts, so that a problem it finds is one every shell a RUN can use rejects.
 */
class ShellParser {
  private readonly lexer: ShellLexer;
  private look: ShellToken | undefined;

  constructor(
    private readonly text: string,
    start: number,
    private readonly shared: Shared,
  ) {
    this.lexer = new ShellLexer(text, start, (from) => this.substitution(from), shared.comments);
  }

  private peek(): ShellToken {
    return (this.look ??= this.lexer.next());
  }

  private take(): ShellToken {
    const t = this.peek();
    this.look = undefined;
    return t;
  }

  private isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === text;
  }

  private isWord(text: string): boolean {
    const t = this.peek();
    return t.kind === 'word' && t.text === text;
  }

  private skipNewlines(): void {
    while (this.isOp('\n')) {
      this.take();
    }
  }

  parseScript(): void {
    this.parseList();
    const t = this.peek();
    if (t.kind !== 'end') {
      this.misplaced(t, undefined, undefined);
    }
  }

  /** The body of `$(…)` from just after its `(`: returns the offset after the `)`. */
  private substitution(from: number): number {
    const inner = new ShellParser(this.text, from, this.shared);
    try {
      inner.parseList();
    } catch (e) {
      // Bash before 5.2 parses the body only when it runs: only a script that ends inside it fails for every shell.
      if (e instanceof ShellSyntaxError && !e.atEnd) {
        throw new UnsureSyntax('inside $(…)');
      }
      throw e;
    }
    const t = inner.peek();
    if (t.kind === 'op' && t.text === ')') {
      return t.end;
    }
    if (t.kind === 'end') {
      throw new ShellSyntaxError({ kind: 'unclosed', token: '$(', start: from - 2, end: from, expected: ')' }, true);
    }
    throw new UnsureSyntax('inside $(…)');
  }

  /** Commands separated by `;`, `&` or newlines, up to a closing word or operator: returns how many. */
  private parseList(): number {
    if (++this.shared.depth > maxDepth) {
      throw new UnsureSyntax('nesting');
    }
    let count = 0;
    for (;;) {
      this.skipNewlines();
      if (isCloser(this.peek())) {
        this.shared.depth--;
        return count;
      }
      this.parseAndOr();
      count++;
      const t = this.peek();
      if (t.kind !== 'op' || !separators.has(t.text)) {
        this.shared.depth--;
        return count;
      }
      this.take();
    }
  }

  private parseAndOr(): void {
    this.parsePipeline();
    while (this.isOp('&&') || this.isOp('||')) {
      const op = this.take();
      this.skipNewlines();
      this.requireCommand(op);
      this.parsePipeline();
    }
  }

  private parsePipeline(): void {
    for (;;) {
      if (this.isWord('!')) {
        this.take();
        if (!startsCommand(this.peek())) {
          throw new UnsureSyntax('!');
        }
      } else if (this.isWord('time')) {
        this.take();
        if (this.isWord('-p')) {
          this.take();
        }
        if (!startsCommand(this.peek())) {
          return; // bash's `time` alone times nothing
        }
      } else {
        break;
      }
    }
    this.requireCommand(undefined);
    this.parseCommand();
    while (this.isOp('|') || this.isOp('|&')) {
      const op = this.take();
      this.skipNewlines();
      this.requireCommand(op);
      this.parseCommand();
    }
  }

  /** The next token must start a command; `op` is the operator before it (undefined: a list's separator or start). */
  private requireCommand(op: ShellToken | undefined): void {
    const t = this.peek();
    if (startsCommand(t)) {
      return;
    }
    if (op === undefined) {
      this.misplaced(t, undefined, undefined);
    }
    if (t.kind === 'op' && t.text === '(') {
      throw new UnsureSyntax('(');
    }
    const problem: SyntaxProblem = { kind: 'dangling', token: op.text, start: op.start, end: op.end };
    if (t.kind !== 'end') {
      problem.next = t;
    }
    throw new ShellSyntaxError(problem, t.kind === 'end');
  }

  private parseCommand(): void {
    const t = this.peek();
    if (t.kind === 'op' && t.text === '(') {
      this.take();
      if (this.text[t.end] === '(') {
        this.lexer.pos = this.lexer.scanArithmetic(t.end + 1);
      } else {
        const count = this.parseList();
        this.close(')', t, count);
      }
      this.afterCompound();
      return;
    }
    if (t.kind === 'word') {
      const compound = this.parseCompound(t);
      if (compound) {
        this.afterCompound();
        return;
      }
    }
    this.parseSimple();
  }

  /** Parses a compound command that starts with the reserved word `t`; false when `t` starts none. */
  private parseCompound(t: ShellToken): boolean {
    switch (t.text) {
      case 'if':
        this.parseIf(t);
        return true;
      case 'while':
      case 'until':
        this.take();
        this.close('do', t, this.parseList());
        this.close('done', t, this.parseList());
        return true;
      case 'for':
      case 'select':
        this.parseFor(t);
        return true;
      case 'case':
        this.parseCase(t);
        return true;
      case '{':
        this.take();
        this.close('}', t, this.parseList());
        return true;
      case '[[':
        this.parseTest();
        return true;
      case 'function':
        this.parseFunction();
        return true;
      case 'coproc':
        throw new UnsureSyntax('coproc');
      default:
        return false;
    }
  }

  private parseIf(ifToken: ShellToken): void {
    this.take();
    this.close('then', ifToken, this.parseList());
    let count = this.parseList();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'word' && t.text === 'elif') {
        this.close('elif', ifToken, count);
        this.close('then', ifToken, this.parseList());
        count = this.parseList();
      } else if (t.kind === 'word' && t.text === 'else') {
        this.close('else', ifToken, count);
        this.close('fi', ifToken, this.parseList());
        return;
      } else {
        this.close('fi', ifToken, count);
        return;
      }
    }
  }

  private parseFor(forToken: ShellToken): void {
    this.take();
    const name = this.take();
    if (name.kind === 'op' && name.text === '(' && this.text[name.end] === '(') {
      this.lexer.pos = this.lexer.scanArithmetic(name.end + 1);
    } else if (name.kind !== 'word') {
      throw new UnsureSyntax('for');
    } else {
      this.skipNewlines();
      if (this.isWord('in')) {
        let before = this.take().end;
        while (this.peek().kind === 'word') {
          const item = this.take();
          this.noteArgument(item, before);
          before = item.end;
        }
      }
    }
    if (this.isOp(';') || this.isOp('\n')) {
      this.take();
      this.skipNewlines();
    }
    const t = this.peek();
    if (t.kind === 'word' && t.text === '{') {
      this.parseCompound(t); // bash's `for x in …; { …; }`
      return;
    }
    if (t.kind === 'op' && t.text !== ')' && !closingOps.has(t.text)) {
      throw new UnsureSyntax('for');
    }
    this.close('do', forToken, 1);
    this.close('done', forToken, this.parseList());
  }

  private parseCase(caseToken: ShellToken): void {
    this.take();
    if (this.take().kind !== 'word') {
      throw new UnsureSyntax('case');
    }
    this.skipNewlines();
    if (!this.isWord('in')) {
      throw new UnsureSyntax('case');
    }
    this.take();
    for (;;) {
      this.skipNewlines();
      if (this.isWord('esac')) {
        this.take();
        return;
      }
      if (this.peek().kind === 'end') {
        this.close('esac', caseToken, 1);
      }
      const first = this.peek();
      if (first.kind === 'op' && first.text === '(') {
        this.take();
      } else if (first.kind === 'op') {
        this.misplaced(first, caseToken, 'esac'); // a branch starts with a pattern: `esac` was left out
      }
      this.skipPatterns();
      this.parseList();
      const t = this.peek();
      if (t.kind === 'op' && closingOps.has(t.text) && t.text !== ')') {
        this.take();
      } else {
        this.close('esac', caseToken, 1);
        return;
      }
    }
  }

  /** A case item's patterns (`a|b)`), the `)` included. */
  private skipPatterns(): void {
    for (;;) {
      if (this.take().kind !== 'word') {
        throw new UnsureSyntax('case pattern');
      }
      const t = this.take();
      if (t.kind === 'op' && t.text === ')') {
        return;
      }
      if (t.kind !== 'op' || t.text !== '|') {
        throw new UnsureSyntax('case pattern');
      }
    }
  }

  /** bash's `[[ … ]]`: `<`, `>`, `(`, `)`, `&&` and `||` are part of the test. */
  private parseTest(): void {
    this.take();
    for (;;) {
      const t = this.take();
      if (t.kind === 'word' && t.text === ']]') {
        return;
      }
      if (t.kind === 'end' || (t.kind === 'op' && (separators.has(t.text) || (closingOps.has(t.text) && t.text !== ')') || t.text === '|&'))) {
        throw new UnsureSyntax('[[');
      }
      if (t.kind === 'word' && t.text === '=~') {
        this.lexer.skipRegex();
      }
    }
  }

  /** bash's `function name [()] compound-command`. */
  private parseFunction(): void {
    this.take();
    if (this.take().kind !== 'word') {
      throw new UnsureSyntax('function');
    }
    if (this.isOp('(')) {
      this.take();
      if (!this.isOp(')')) {
        throw new UnsureSyntax('function');
      }
      this.take();
    }
    this.functionBody();
  }

  private functionBody(): void {
    this.skipNewlines();
    const t = this.peek();
    if (!(t.kind === 'op' && t.text === '(') && !(t.kind === 'word' && compoundOpeners.has(t.text))) {
      throw new UnsureSyntax('function body');
    }
    this.parseCommand();
  }

  /**
   * The closing word `expected` of the construct `opener` must come next, after `count` commands. Takes it, or throws
   * the problem: the script ends first, another closer comes, or the body before it is empty (`if …; then fi`).
   */
  private close(expected: string, opener: ShellToken, count: number): void {
    const t = this.peek();
    const matches = t.kind === (expected === ')' ? 'op' : 'word') && t.text === expected;
    if (matches && count > 0) {
      this.take();
      return;
    }
    if (t.kind === 'end') {
      throw new ShellSyntaxError({ kind: 'unclosed', token: opener.text, start: opener.start, end: opener.end, expected }, true);
    }
    if (matches) {
      throw new ShellSyntaxError({ kind: 'unexpected', token: t.text, start: t.start, end: t.end, open: opener, empty: true }, false);
    }
    this.misplaced(t, opener, expected);
  }

  private misplaced(t: ShellToken, open: ShellToken | undefined, expected: string | undefined): never {
    if (t.kind === 'op' && t.text === '(') {
      throw new UnsureSyntax('(');
    }
    const problem: SyntaxProblem = { kind: 'unexpected', token: t.text, start: t.start, end: t.end };
    if (open) {
      problem.open = open;
    }
    if (expected !== undefined) {
      problem.expected = expected;
    }
    throw new ShellSyntaxError(problem, t.kind === 'end');
  }

  /** Redirections may follow a compound command; then a separator, an operator or a closer must. */
  private afterCompound(): void {
    while (this.peek().kind === 'op' && redirections.has(this.peek().text)) {
      this.take();
      if (this.take().kind !== 'word') {
        throw new UnsureSyntax('redirection');
      }
    }
  }

  private parseSimple(): void {
    let words = 0;
    let prefixed = false;
    let before = -1;
    const collected: ShellToken[] | undefined = this.shared.onCommand ? [] : undefined;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'word') {
        this.take();
        collected?.push(t);
        if (words === 0 && assignment.test(t.text)) {
          prefixed = true;
        } else if (words === 0) {
          if (prefixed && (closingWords.has(t.text) || compoundOpeners.has(t.text) || t.text === '!')) {
            throw new UnsureSyntax('reserved word after a prefix');
          }
          words++;
          if (!prefixed && this.isOp('(')) {
            this.functionDefinition();
            return;
          }
        } else {
          words++;
          this.noteArgument(t, before);
        }
        before = t.end;
      } else if (t.kind === 'op' && redirections.has(t.text)) {
        this.take();
        const target = this.take();
        if (target.kind !== 'word') {
          throw new UnsureSyntax('redirection');
        }
        prefixed ||= words === 0;
        before = target.end;
      } else {
        if (collected && collected.length > 0) {
          this.shared.onCommand?.(collected);
        }
        return;
      }
    }
  }

  /** `name() compound-command`, from the `(`. */
  private functionDefinition(): void {
    this.take();
    if (!this.isOp(')')) {
      throw new UnsureSyntax('function');
    }
    this.take();
    this.functionBody();
  }

  private noteArgument(t: ShellToken, before: number): void {
    if (closingWords.has(t.text)) {
      this.shared.argumentKeywords.push({ text: t.text, start: t.start, end: t.end, before });
    }
  }
}

/**
 * Whether `script` (a shell-form RUN's command line) parses as a shell script: the first problem that bash, dash and
 * busybox sh would all report; 'unsure' where a shell could read the script otherwise; undefined when it parses.
 * `onCommand` sees the words of each simple command read before the parse ended.
 */
export function shellSyntaxProblem(script: string, onCommand?: CommandSink): SyntaxReport | 'unsure' | undefined {
  const shared: Shared = { argumentKeywords: [], comments: [], depth: 0 };
  if (onCommand) {
    shared.onCommand = onCommand;
  }
  try {
    new ShellParser(script, 0, shared).parseScript();
    return undefined;
  } catch (e) {
    if (e instanceof ShellSyntaxError) {
      return { problem: e.problem, argumentKeywords: shared.argumentKeywords, comments: shared.comments };
    }
    if (e instanceof UnsureSyntax) {
      return 'unsure';
    }
    throw e;
  }
}
