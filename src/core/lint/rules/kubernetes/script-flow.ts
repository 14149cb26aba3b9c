import { memoByString } from '../../string-memo';
import type { ScriptToken } from './script-tokens';
import { scriptTokens } from './script-tokens';
import { afterLastSlash } from '../../after-last-slash';

type BlockKind = 'while' | 'until' | 'for' | 'if' | 'case' | 'group' | 'function' | 'subshell';

/** A compound command the script opens: a loop, a conditional, a `{ … }` group, a function body or a subshell. */
interface Block {
  kind: BlockKind;
  /** The token index of its opening keyword or `(`. */
  start: number;
  /** `while ! …`: it loops while its condition fails. */
  negated: boolean;
  /** A `break` in it (for a loop: the loop ends when a test in it passes). */
  breaks: boolean;
  /** A numeric test in it (`[ $i -ge 30 ]`): it gives up after some tries. */
  counted: boolean;
  /** Followed by `&`: it runs in the background. */
  background: boolean;
  /** Its first two words after the keyword (a loop's condition: `[`, `-z`). */
  head: string[];
  /** Its closing keyword or `)` was read (a script cut short leaves blocks open). */
  ended: boolean;
  /** For an `if`: the token index of its first `then` (words before it are its condition, which always runs). */
  thenAt: number;
}

/** A word of the script with the blocks it runs in, outermost first. */
export interface FlowWord {
  text: string;
  index: number;
  blocks: readonly Block[];
  /** The word is a command's program (or an assignment before it). */
  command: boolean;
}

/** What the script does in order: its words in their blocks, its assignments, and where it first leaves something running. */
export interface ScriptFlow {
  words: readonly FlowWord[];
  /** Values assigned to each variable (`NAME=value`, `export NAME=value`), as written. */
  assignments: ReadonlyMap<string, readonly string[]>;
  /** The token index of the first `&` or daemon start (`service ssh start`, `ray start`); Infinity when none. */
  firstBackground: number;
}

/** Deeper nesting than any real entrypoint: such a script is not read (the copies of the block stack stay small). */
const maxDepth = 32;
const assignmentRe = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;
const numericTestRe = /^-(?:gt|ge|lt|le|eq|ne)$/;
/** Programs that leave a daemon running and return: a port may answer while the script goes on waiting. */
const daemonStarters = new Set(['service', 'systemctl', 'sshd', 'supervisord', 'ray']);
const declarers = new Set(['export', 'local', 'declare', 'readonly']);
const closers: Readonly<Record<string, readonly BlockKind[]>> = { done: ['while', 'until', 'for'], fi: ['if'], esac: ['case'], '}': ['group', 'function'] };
const commandKeywords = new Set(['then', 'else', 'elif', 'do', '!']);
/** A redirection word (`>`, `2>/dev/null`, `&>log`) and whether its target is the next word. */
const redirectionRe = /^(?:\d*[<>]|&>)/;

function block(kind: BlockKind, start: number): Block {
  return { kind, start, negated: false, breaks: false, counted: false, background: false, head: [], ended: false, thenAt: Infinity };
}

function innermostLoop(stack: readonly Block[]): Block | undefined {
  for (let k = stack.length - 1; k >= 0; k--) {
    const b = stack[k] as Block;
    if (b.kind === 'while' || b.kind === 'until' || b.kind === 'for') {
      return b;
    }
  }
  return undefined;
}

function unquoted(value: string): string {
  return value.replace(/^(["'])(.*)\1$/s, '$2');
}

function readFlow(script: string): ScriptFlow {
  const tokens = scriptTokens(script);
  const reader = new FlowReader();
  for (let index = 0; index < tokens.length && !reader.tooDeep; index++) {
    reader.read(tokens[index] as ScriptToken, index, tokens[index + 1]);
  }
  return reader.tooDeep ? { words: [], assignments: new Map(), firstBackground: 0 } : { words: reader.words, assignments: reader.assignments, firstBackground: reader.firstBackground };
}

/**
 * Reads a script's control flow (see ScriptFlow): enough to tell where it blocks, not a full shell parser. Remembered
 * for the last scripts read (a container's script is read for the files it runs and for its waits). Shared: do not modify.
 */
export const scriptFlow = memoByString(readFlow, 64);

class FlowReader {
  readonly words: FlowWord[] = [];
  readonly assignments = new Map<string, string[]>();
  firstBackground = Infinity;
  tooDeep = false;
  private readonly stack: Block[] = [];
  private atCommand = true;
  private declaring = false;
  /** A block just closed, which a `&` after its redirections sends to the background. */
  private closed: Block | undefined;
  private redirectTarget = false;
  /** After `name (` or `function name`: the next `{` opens a function body. */
  private functionNext = false;

  read(token: ScriptToken, index: number, next: ScriptToken | undefined): void {
    if (token.op) {
      this.operator(token.text, index);
      return;
    }
    if (this.closed && (this.redirectTarget || redirectionRe.test(token.text))) {
      this.redirectTarget = !this.redirectTarget && /[<>]$/.test(token.text);
      return;
    }
    this.closed = undefined;
    if ((this.atCommand || (this.functionNext && token.text === '{')) && this.keyword(token.text, index, next)) {
      return;
    }
    this.word(token.text, index);
  }

  private close(): void {
    this.closed = this.stack.pop();
    if (this.closed) {
      this.closed.ended = true;
    }
  }

  private open(b: Block): void {
    this.stack.push(b);
    this.tooDeep = this.stack.length > maxDepth;
  }

  private operator(op: string, index: number): void {
    const top = this.stack[this.stack.length - 1];
    if (op === '&') {
      this.firstBackground = Math.min(this.firstBackground, index);
      if (this.closed) {
        this.closed.background = true;
      }
    }
    this.closed = undefined;
    if (op === '(' && top?.kind !== 'case') {
      if (this.atCommand) {
        this.open(block('subshell', index));
      } else {
        this.functionNext = true;
      }
    } else if (op === ')' && top?.kind === 'subshell') {
      this.close();
    }
    this.atCommand = op !== ')';
    this.declaring = false;
  }

  /** Reads a reserved word at a command's start; false for any other word. */
  private keyword(text: string, index: number, next: ScriptToken | undefined): boolean {
    const closes = closers[text];
    if (closes) {
      const top = this.stack[this.stack.length - 1];
      if (top && closes.includes(top.kind)) {
        this.close();
      }
      this.atCommand = false;
      return true;
    }
    if (text === 'while' || text === 'until' || text === 'if' || text === 'for' || text === 'select' || text === 'case') {
      const b = block(text === 'select' ? 'for' : text, index);
      b.negated = next?.text === '!';
      this.open(b);
      this.atCommand = text !== 'for' && text !== 'select' && text !== 'case';
      return true;
    }
    if (text === '{') {
      this.open(block(this.functionNext ? 'function' : 'group', index));
      this.functionNext = false;
      this.atCommand = true;
      return true;
    }
    if (text === 'function') {
      this.functionNext = true;
      this.atCommand = false;
      return true;
    }
    const top = this.stack[this.stack.length - 1];
    if (text === 'then' && top?.kind === 'if' && top.thenAt === Infinity) {
      top.thenAt = index;
    }
    return commandKeywords.has(text);
  }

  private word(text: string, index: number): void {
    const assignment = (this.atCommand || this.declaring) ? assignmentRe.exec(text) : null;
    const command = this.atCommand;
    this.words.push({ text, index, blocks: this.stack.slice(), command });
    const top = this.stack[this.stack.length - 1];
    if (top && top.head.length < 2) {
      top.head.push(text);
    }
    if (assignment) {
      const name = assignment[1] as string;
      const values = this.assignments.get(name) ?? [];
      values.push(unquoted(assignment[2] as string));
      this.assignments.set(name, values);
      return;
    }
    if (command) {
      this.commandWord(text, index);
    } else if (numericTestRe.test(text)) {
      const loop = innermostLoop(this.stack);
      if (loop) {
        loop.counted = true;
      }
    }
  }

  private commandWord(text: string, index: number): void {
    this.atCommand = false;
    this.declaring = declarers.has(text);
    const program = afterLastSlash(text);
    if (daemonStarters.has(program)) {
      this.firstBackground = Math.min(this.firstBackground, index);
    }
    if (text === 'break') {
      const loop = innermostLoop(this.stack);
      if (loop) {
        loop.breaks = true;
      }
    }
  }
}
