import { blockScalarEnd, blockScalarHeader } from './fast-parse-block-scalar';
import { unsupported, type TokenType } from './fast-parse-tokens';

/** Receives the tokens in source order; their sources concatenate to the input text. */
export type TokenSink = (type: TokenType, source: string) => void;

const isBlank = (ch: string | undefined): boolean => ch === undefined || ch === ' ' || ch === '\n' || ch === '\r';
/** Characters that may not start a plain scalar here (indicators, reserved, or outside the subset). */
const badPlainStart = new Set([...'#&*!|>%@`,[]{}\'"?']);
const flowIndicator = new Set([...',[]{}']);
/** Runs of spaces by length, so indentation tokens share strings instead of slicing the text each line. */
const spaceRuns = Array.from({ length: 129 }, (_, n) => ' '.repeat(n));

function hasLoneCarriageReturn(text: string): boolean {
  for (let at = text.indexOf('\r'); at >= 0; at = text.indexOf('\r', at + 1)) {
    if (text.charCodeAt(at + 1) !== 10) {
      return true;
    }
  }
  return false;
}

/**
 * Splits YAML text into the `yaml` package's lexical tokens, line by line, for the subset the fast
 * path supports: block maps and sequences, one-line plain and quoted scalars, comments, document
 * markers and one-line flow collections of scalars. Anything else throws `Unsupported`.
 */
export function lexYaml(text: string, emit: TokenSink): void {
  if (text.includes('\t') || text.includes('\uFEFF') || hasLoneCarriageReturn(text)) {
    unsupported('tabs, a byte-order mark or a lone carriage return');
  }
  const lexer = new LineLexer(text, emit);
  lexer.run();
}

class LineLexer {
  private inDocument = false;
  /** Minimum indentation of a line that would continue the current plain scalar (the package's `indentNext`). */
  private indentNext = 0;
  /** Current line: [from, to) without its line break; `nl` is the break itself ('' at the end of input). */
  private from = 0;
  private to = 0;
  private nl = '';
  /** Set when a block scalar took in the following lines: where the next line starts. */
  private resumeAt = -1;

  constructor(
    private readonly text: string,
    private readonly emit: TokenSink,
  ) {}

  run(): void {
    const text = this.text;
    let pos = 0;
    while (pos < text.length) {
      const lf = text.indexOf('\n', pos);
      const next = lf < 0 ? text.length : lf + 1;
      const to = lf < 0 ? text.length : text.charCodeAt(lf - 1) === 13 && lf > pos ? lf - 1 : lf;
      this.from = pos;
      this.to = to;
      this.nl = text.slice(to, next);
      this.line();
      pos = this.resumeAt >= 0 ? this.resumeAt : next;
      this.resumeAt = -1;
    }
  }

  private line(): void {
    const { text, from, to } = this;
    if (!this.inDocument) {
      if (text[from] === '%') {
        unsupported('directives');
      }
      const afterSpaces = this.skipSpaces(from);
      if (afterSpaces === to || text[afterSpaces] === '#') {
        this.spaces(from, afterSpaces);
        this.rest(afterSpaces);
        return;
      }
      this.emit('doc-mode', '');
      this.inDocument = true;
    }
    const lead = text.charCodeAt(from);
    const marker = lead === 45 || lead === 46 ? text.slice(from, from + 3) : '';
    if ((marker === '---' || marker === '...') && isBlank(text[from + 3])) {
      this.emit(marker === '---' ? 'doc-start' : 'doc-end', marker);
      this.indentNext = 0;
      if (marker === '...') {
        this.inDocument = false;
      }
      const afterSpaces = this.skipSpaces(from + 3);
      if (afterSpaces !== to && text[afterSpaces] !== '#') {
        unsupported('content on a document marker line');
      }
      this.spaces(from + 3, afterSpaces);
      this.rest(afterSpaces);
      return;
    }
    let at = this.skipSpaces(from);
    this.spaces(from, at);
    let indentValue = at - from;
    if (this.indentNext > indentValue && !isBlank(text[at + 1])) {
      this.indentNext = indentValue;
    }
    let indicators = 0;
    while (text[at] === '-' && isBlank(text[at + 1]) && at < to) {
      this.emit('seq-item-ind', '-');
      const after = this.skipSpaces(at + 1);
      this.spaces(at + 1, after);
      this.indentNext = indentValue + 1;
      indentValue += after - at;
      at = after;
      indicators++;
    }
    if ((text[at] === '?' || text[at] === ':') && isBlank(text[at + 1]) && at < to) {
      unsupported('explicit keys or empty keys');
    }
    if (at === to || text[at] === '#') {
      this.rest(at);
      return;
    }
    this.content(at, indentValue, indicators > 0);
  }

  /** The content of a line after its indentation and `- ` indicators: `key: value`, `key:` or a value. */
  private content(start: number, indentValue: number, afterIndicator: boolean): void {
    const { text, to } = this;
    if (afterIndicator && (text[start] === '|' || text[start] === '>')) {
      this.blockScalar(start);
      return;
    }
    let at = this.value(start, false);
    const afterFirst = this.skipSpaces(at);
    if (text[afterFirst] === ':' && isBlank(text[afterFirst + 1]) && afterFirst < to) {
      if (this.flowAt(start)) {
        unsupported('a flow collection as a key');
      }
      if (afterFirst - start > 1000) {
        unsupported('a very long implicit key');
      }
      this.spaces(at, afterFirst);
      this.emit('map-value-ind', ':');
      this.indentNext = indentValue + 1;
      at = this.skipSpaces(afterFirst + 1);
      this.spaces(afterFirst + 1, at);
      if (at === to || text[at] === '#') {
        this.rest(at);
        return;
      }
      if (text[at] === '|' || text[at] === '>') {
        this.blockScalar(at);
        return;
      }
      at = this.value(at, true);
    } else if (!afterIndicator) {
      unsupported('a scalar on a line of its own (a document scalar or a multi-line value)');
    } else if (text[start] !== '[' && text[start] !== '{' && text[start] !== '"' && text[start] !== "'" && this.endsAtLineEnd(at)) {
      this.checkNoContinuation();
    }
    const after = this.skipSpaces(at);
    if (after !== to && (text[after] !== '#' || after === at)) {
      unsupported('more than one value on a line');
    }
    this.spaces(at, after);
    this.rest(after);
  }

  /** A block scalar whose header is at `at`: the header line's tokens, then the body over the following lines. */
  private blockScalar(at: number): void {
    const { text, to } = this;
    const header = blockScalarHeader(text, at);
    if (header.end > to) {
      unsupported('a block scalar header running past its line');
    }
    this.emit('block-scalar-header', text.slice(at, header.end));
    const after = this.skipSpaces(header.end);
    if (after < to && (text[after] !== '#' || after === header.end)) {
      unsupported('content after a block scalar header');
    }
    this.spaces(header.end, after);
    this.rest(after);
    const bodyStart = to + this.nl.length;
    const body = blockScalarEnd(text, bodyStart, this.indentNext, header);
    this.indentNext = body.indentNext;
    this.emit('scalar', text.slice(bodyStart, body.end));
    this.resumeAt = body.end;
  }

  private flowAt(at: number): boolean {
    return this.text[at] === '[' || this.text[at] === '{';
  }

  private endsAtLineEnd(at: number): boolean {
    return this.skipSpaces(at) === this.to;
  }

  /** A scalar or flow collection at `start`; returns where it ends. `isValue`: after `key:` on this line. */
  private value(start: number, isValue: boolean): number {
    const ch = this.text[start];
    if (ch === '[' || ch === '{') {
      return this.flow(start);
    }
    if (ch === '"' || ch === "'") {
      return this.quoted(start);
    }
    const end = this.plain(start, false);
    if (isValue && this.endsAtLineEnd(end)) {
      this.checkNoContinuation();
    }
    return end;
  }

  /** A plain scalar's token; `inFlow` stops it at flow indicators too. */
  private plain(start: number, inFlow: boolean): number {
    const { text, to } = this;
    const first = text[start] as string;
    if (badPlainStart.has(first) || ((first === '-' || first === ':') && isBlank(text[start + 1]))) {
      unsupported(`a plain scalar starting with ${first}`);
    }
    let end = start;
    if (!inFlow) {
      // The block case, by character code: it runs over most of the text.
      for (let i = start; i < to; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 58) {
          // `:` ends the scalar before a space or the line end.
          if (i + 1 >= to || text.charCodeAt(i + 1) === 32) {
            break;
          }
          end = i + 1;
        } else if (ch === 32) {
          // ` #` starts a comment.
          if (text.charCodeAt(i + 1) === 35) {
            break;
          }
        } else {
          end = i + 1;
        }
      }
      this.emit('scalar', text.slice(start, end));
      return end;
    }
    for (let i = start; i < to; i++) {
      const ch = text[i];
      if (ch === ':') {
        const next = text[i + 1];
        if (i + 1 >= to || next === ' ' || (inFlow && flowIndicator.has(next as string))) {
          break;
        }
        if (inFlow) {
          unsupported('a colon inside a flow scalar');
        }
        end = i + 1;
      } else if (ch === ' ') {
        const next = text[i + 1];
        if (next === '#' || (inFlow && flowIndicator.has(next as string))) {
          break;
        }
      } else if (inFlow && (flowIndicator.has(ch as string) || ch === '#' || ch === '"' || ch === "'")) {
        break;
      } else {
        end = i + 1;
      }
    }
    this.emit('scalar', text.slice(start, end));
    return end;
  }

  /** A plain scalar that ends its line would take in more-indented following lines: refuse those. */
  private checkNoContinuation(): void {
    const text = this.text;
    let pos = this.to + this.nl.length;
    while (pos < text.length) {
      const lf = text.indexOf('\n', pos);
      const lineEnd = lf < 0 ? text.length : lf;
      const first = this.skipSpaces(pos);
      if (first >= lineEnd || (text[first] === '\r' && first + 1 === lineEnd)) {
        pos = lineEnd + 1;
        continue;
      }
      if (text[first] !== '#' && first - pos >= this.indentNext) {
        unsupported('a multi-line plain scalar');
      }
      return;
    }
  }

  /** A one-line quoted scalar; returns where it ends. */
  private quoted(start: number): number {
    const { text, to } = this;
    const quote = text[start] as string;
    let end = text.indexOf(quote, start + 1);
    if (quote === "'") {
      while (end !== -1 && text[end + 1] === "'") {
        end = text.indexOf("'", end + 2);
      }
    } else {
      while (end !== -1) {
        let n = 0;
        while (text[end - 1 - n] === '\\') {
          n += 1;
        }
        if (n % 2 === 0) {
          break;
        }
        end = text.indexOf('"', end + 1);
      }
    }
    if (end === -1 || end >= to) {
      unsupported('a multi-line or unterminated quoted scalar');
    }
    this.emit(quote === "'" ? 'single-quoted-scalar' : 'double-quoted-scalar', text.slice(start, end + 1));
    return end + 1;
  }

  /** A one-line flow collection of scalars (`[a, "b"]`, `{a: 1, b: c}`, `[]`, `{}`); returns where it ends. */
  private flow(start: number): number {
    const { text, to } = this;
    const isMap = text[start] === '{';
    const close = isMap ? '}' : ']';
    this.emit(isMap ? 'flow-map-start' : 'flow-seq-start', text[start] as string);
    let at = this.spacesFrom(start + 1);
    if (text[at] === close) {
      this.emit(isMap ? 'flow-map-end' : 'flow-seq-end', close);
      return at + 1;
    }
    for (;;) {
      at = this.spacesFrom(this.flowScalar(at));
      if (isMap) {
        if (text[at] !== ':' || text[at + 1] !== ' ') {
          unsupported('a flow map entry without ": "');
        }
        this.emit('map-value-ind', ':');
        at = this.spacesFrom(at + 1);
        at = this.spacesFrom(this.flowScalar(at));
      }
      if (at < to && text[at] === close) {
        this.emit(isMap ? 'flow-map-end' : 'flow-seq-end', close);
        return at + 1;
      }
      if (at >= to || text[at] !== ',') {
        unsupported('a flow collection that is not one line of scalars');
      }
      this.emit('comma', ',');
      at = this.spacesFrom(at + 1);
    }
  }

  private flowScalar(at: number): number {
    const ch = this.text[at];
    const next = this.text[at + 1];
    const indicatorDash = ch === '-' && (isBlank(next) || flowIndicator.has(next as string));
    if (at >= this.to || ch === ':' || indicatorDash || flowIndicator.has(ch as string)) {
      unsupported('an empty, nested or indicator-like flow item');
    }
    return ch === '"' || ch === "'" ? this.quoted(at) : this.plain(at, true);
  }

  /** Emits the spaces at `at` (if any) and returns where they end. */
  private spacesFrom(at: number): number {
    const after = this.skipSpaces(at);
    this.spaces(at, after);
    return after;
  }

  /** The end of a line from `at`: an optional comment (up to the line break), then the line break. */
  private rest(at: number): void {
    if (at < this.to) {
      if (this.text[at] !== '#') {
        unsupported('unexpected content');
      }
      this.emit('comment', this.text.slice(at, this.to));
    }
    if (this.nl !== '') {
      this.emit('newline', this.nl);
    }
  }

  private skipSpaces(at: number): number {
    const { text, to } = this;
    while (at < to && text.charCodeAt(at) === 32) {
      at++;
    }
    return at;
  }

  /** Emits the spaces in [from, to) (the callers have checked they are spaces). */
  private spaces(from: number, to: number): void {
    if (to > from) {
      this.emit('space', spaceRuns[to - from] ?? this.text.slice(from, to));
    }
  }
}
