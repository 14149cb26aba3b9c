import { blockScalarEnd, blockScalarHeader } from './fast-parse-block-scalar';
import { TokenKind, tokenTypes, unsupported, type TokenType } from './fast-parse-tokens';

/** Receives the tokens in source order, each as the range [start, end) of the text; the ranges cover the text. */
export type TokenSink = (kind: TokenKind, start: number, end: number) => void;

/** Codes of the characters the line-by-line path tests (by code: no one-character string per test). */
enum Ch {
  Newline = 10,
  Return = 13,
  Space = 32,
  DoubleQuote = 34,
  Hash = 35,
  SingleQuote = 39,
  Dash = 45,
  Colon = 58,
  Greater = 62,
  Question = 63,
  OpenBracket = 91,
  OpenBrace = 123,
  Bar = 124,
}

/** The code of the character at `at` (NaN past the end of the text), to compare with `Ch`. */
function codeAt(text: string, at: number): Ch {
  return text.charCodeAt(at);
}

/** Whether the character at `at` is a space or a line break, or `at` is past the end of the text. */
function isBlankAt(text: string, at: number): boolean {
  const c = codeAt(text, at);
  return c === Ch.Space || c === Ch.Newline || c === Ch.Return || Number.isNaN(c);
}

/** Characters that may not start a plain scalar here (indicators, reserved, or outside the subset), by code. */
const badPlainStart = new Uint8Array(128);
for (const ch of '#&*!|>%@`,[]{}\'"?') {
  badPlainStart[ch.charCodeAt(0)] = 1;
}
const flowIndicator = new Set([...',[]{}']);

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

/** `lexYaml` with each token as the package's type name and its text. */
export function lexYamlSources(text: string, emit: (type: TokenType, source: string) => void): void {
  lexYaml(text, (kind, start, end) => emit(tokenTypes[kind] as TokenType, text.slice(start, end)));
}

class LineLexer {
  private inDocument = false;
  /** Minimum indentation of a line that would continue the current plain scalar (the package's `indentNext`). */
  private indentNext = 0;
  /** Current line: [from, to) without its line break, [to, next) the break itself (empty at the end of input). */
  private from = 0;
  private to = 0;
  private next = 0;
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
      this.next = next;
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
      this.emit(TokenKind.DocMode, from, from);
      this.inDocument = true;
    }
    const lead = text.charCodeAt(from);
    const marker = lead === 45 || lead === 46 ? text.slice(from, from + 3) : '';
    if ((marker === '---' || marker === '...') && isBlankAt(text, from + 3)) {
      this.emit(marker === '---' ? TokenKind.DocStart : TokenKind.DocEnd, from, from + 3);
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
    if (this.indentNext > indentValue && !isBlankAt(text, at + 1)) {
      this.indentNext = indentValue;
    }
    let indicators = 0;
    while (codeAt(text, at) === Ch.Dash && isBlankAt(text, at + 1) && at < to) {
      this.emit(TokenKind.SeqItemInd, at, at + 1);
      const after = this.skipSpaces(at + 1);
      this.spaces(at + 1, after);
      this.indentNext = indentValue + 1;
      indentValue += after - at;
      at = after;
      indicators++;
    }
    const first = codeAt(text, at);
    if ((first === Ch.Question || first === Ch.Colon) && isBlankAt(text, at + 1) && at < to) {
      unsupported('explicit keys or empty keys');
    }
    if (at === to || first === Ch.Hash) {
      this.rest(at);
      return;
    }
    this.content(at, indentValue, indicators > 0);
  }

  /** The content of a line after its indentation and `- ` indicators: `key: value`, `key:` or a value. */
  private content(start: number, indentValue: number, afterIndicator: boolean): void {
    const { text, to } = this;
    const first = codeAt(text, start);
    if (afterIndicator && (first === Ch.Bar || first === Ch.Greater)) {
      this.blockScalar(start);
      return;
    }
    let at = this.value(start);
    const afterFirst = this.skipSpaces(at);
    if (codeAt(text, afterFirst) === Ch.Colon && isBlankAt(text, afterFirst + 1) && afterFirst < to) {
      if (this.flowAt(start)) {
        unsupported('a flow collection as a key');
      }
      if (afterFirst - start > 1000) {
        unsupported('a very long implicit key');
      }
      this.spaces(at, afterFirst);
      this.emit(TokenKind.MapValueInd, afterFirst, afterFirst + 1);
      this.indentNext = indentValue + 1;
      at = this.skipSpaces(afterFirst + 1);
      this.spaces(afterFirst + 1, at);
      const valueFirst = codeAt(text, at);
      if (at === to || valueFirst === Ch.Hash) {
        this.rest(at);
        return;
      }
      if (valueFirst === Ch.Bar || valueFirst === Ch.Greater) {
        this.blockScalar(at);
        return;
      }
      at = this.value(at);
    } else if (!afterIndicator) {
      unsupported('a scalar on a line of its own (a document scalar or a multi-line value)');
    }
    const after = this.skipSpaces(at);
    if (after !== to && (codeAt(text, after) !== Ch.Hash || after === at)) {
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
    this.emit(TokenKind.BlockScalarHeader, at, header.end);
    const after = this.skipSpaces(header.end);
    if (after < to && (text[after] !== '#' || after === header.end)) {
      unsupported('content after a block scalar header');
    }
    this.spaces(header.end, after);
    this.rest(after);
    const bodyStart = this.next;
    const body = blockScalarEnd(text, bodyStart, this.indentNext, header);
    this.indentNext = body.indentNext;
    this.emit(TokenKind.Scalar, bodyStart, body.end);
    this.resumeAt = body.end;
  }

  private flowAt(at: number): boolean {
    const c = codeAt(this.text, at);
    return c === Ch.OpenBracket || c === Ch.OpenBrace;
  }

  /** A scalar or flow collection at `start`; returns where it ends. */
  private value(start: number): number {
    const ch = codeAt(this.text, start);
    if (ch === Ch.OpenBracket || ch === Ch.OpenBrace) {
      return this.flow(start);
    }
    if (ch === Ch.DoubleQuote || ch === Ch.SingleQuote) {
      return this.quoted(start);
    }
    return this.plain(start, false);
  }

  /** A plain scalar's token; `inFlow` stops it at flow indicators too. */
  private plain(start: number, inFlow: boolean): number {
    const { text, to } = this;
    const first = codeAt(text, start);
    if (badPlainStart[first] === 1 || ((first === Ch.Dash || first === Ch.Colon) && isBlankAt(text, start + 1))) {
      unsupported(`a plain scalar starting with ${text[start]}`);
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
      this.emit(TokenKind.Scalar, start, end);
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
    this.emit(TokenKind.Scalar, start, end);
    return end;
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
    this.emit(quote === "'" ? TokenKind.SingleQuotedScalar : TokenKind.DoubleQuotedScalar, start, end + 1);
    return end + 1;
  }

  /** A one-line flow collection of scalars (`[a, "b"]`, `{a: 1, b: c}`, `[]`, `{}`); returns where it ends. */
  private flow(start: number): number {
    const { text, to } = this;
    const isMap = text[start] === '{';
    const close = isMap ? '}' : ']';
    this.emit(isMap ? TokenKind.FlowMapStart : TokenKind.FlowSeqStart, start, start + 1);
    let at = this.spacesFrom(start + 1);
    if (text[at] === close) {
      this.emit(isMap ? TokenKind.FlowMapEnd : TokenKind.FlowSeqEnd, at, at + 1);
      return at + 1;
    }
    for (;;) {
      at = this.spacesFrom(this.flowScalar(at));
      if (isMap) {
        if (text[at] !== ':' || text[at + 1] !== ' ') {
          unsupported('a flow map entry without ": "');
        }
        this.emit(TokenKind.MapValueInd, at, at + 1);
        at = this.spacesFrom(at + 1);
        at = this.spacesFrom(this.flowScalar(at));
      }
      if (at < to && text[at] === close) {
        this.emit(isMap ? TokenKind.FlowMapEnd : TokenKind.FlowSeqEnd, at, at + 1);
        return at + 1;
      }
      if (at >= to || text[at] !== ',') {
        unsupported('a flow collection that is not one line of scalars');
      }
      this.emit(TokenKind.Comma, at, at + 1);
      at = this.spacesFrom(at + 1);
    }
  }

  private flowScalar(at: number): number {
    const ch = this.text[at];
    const next = this.text[at + 1];
    const indicatorDash = ch === '-' && (isBlankAt(this.text, at + 1) || flowIndicator.has(next as string));
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
      if (codeAt(this.text, at) !== Ch.Hash) {
        unsupported('unexpected content');
      }
      this.emit(TokenKind.Comment, at, this.to);
    }
    if (this.next > this.to) {
      this.emit(TokenKind.Newline, this.to, this.next);
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
      this.emit(TokenKind.Space, from, to);
    }
  }
}
