import { Pair, Scalar, YAMLMap, YAMLSeq, type Document, type ParsedNode, type Schema } from 'yaml';
import { FastMap, FastPair, FastSeq, FastDocumentMaker, setRange, type RangeFields, type StreamDirectives } from './fast-nodes';
import { endOf, startOf, valueEndOf } from '../../schemas/node-range';
import { decorate, resolveEnd, resolveProps } from './fast-parse-compose';
import { repeatsEarlierKey, type KeyIndexHolder } from './fast-parse-keys';
import { ScalarResolver } from './fast-parse-scalar';
import { TokenKind, tokenTypes, unsupported, type FlowScalarType, type SourceToken, type TokenType } from './fast-parse-tokens';
import { memoByString } from '../string-memo';

/**
 * Short key and plain value texts, one string each across the files of a run (the memo is bounded).
 * Only texts shorter than V8's shortest slice (13 characters) are shared this way: those are copies,
 * while a longer substring points into its file's text, which it would keep alive (in the editor, every
 * version of every document); longer ones are shared within their file only.
 */
const shortText = memoByString((text: string) => text, 16384);
const shortestSlice = 13;

/**
 * Key texts, one internalized string each across the files of a run (a run has a few thousand distinct
 * keys; past `maxKeyTexts` it starts afresh). Rules look pairs up by literal keys, which are internalized
 * too: equal keys are then one string, and unequal ones of the same length differ without comparing
 * characters. The map holds the internalized copies only, never a slice of a file's text.
 */
const keyTexts = new Map<string, string>();
const maxKeyTexts = 16384;
/** Longer keys are not what rules look up: they stay as they are, so the map never holds much text. */
const maxKeyTextLength = 64;

function keyText(text: string): string {
  if (text.length > maxKeyTextLength) {
    return text;
  }
  const known = keyTexts.get(text);
  if (known !== undefined) {
    return known;
  }
  // A property name is internalized (array indices aside, which stay as they are).
  const internalized = Object.keys({ [text]: true })[0] ?? text;
  if (keyTexts.size >= maxKeyTexts) {
    keyTexts.clear();
  }
  keyTexts.set(internalized, internalized);
  return internalized;
}

/** The first `count` items, in an array of exactly that length (most collections have a few). */
function exactCopy(items: unknown[], count: number): unknown[] {
  switch (count) {
    case 1:
      return [items[0]];
    case 2:
      return [items[0], items[1]];
    case 3:
      return [items[0], items[1], items[2]];
    case 4:
      return [items[0], items[1], items[2], items[3]];
    default:
      return items.slice(0, count);
  }
}

interface Open extends KeyIndexHolder {
  node: YAMLMap | YAMLSeq;
  /** Whether `node` is a sequence (a field: `instanceof` walks the prototype chain for every line). */
  isSeq: boolean;
  /** Column of the collection's keys or `-` indicators. */
  indent: number;
  /** A map's last key has `:` and nothing yet: its value is a nested collection or null. */
  pending: Pair<ParsedNode, ParsedNode | null> | null;
  /** End of the pending key's `:`, where its null value sits. */
  pendingAt: number;
  /**
   * The collection's items so far, in a buffer reused from collection to collection: the node gets
   * an exact-length copy when it closes (its tree is kept, and pushing would leave spare room).
   */
  items: unknown[];
  count: number;
}

/**
 * Builds documents straight from the fast lexer's tokens, one line at a time, for the plainest
 * YAML: no comments, no trailing spaces, no block scalars, no `...`, no empty documents, no `-`
 * alone on a line, blank lines only where a complete line precedes them. There the ranges follow a
 * few fixed rules (a value's range ends after its line break, a key's at its last character, a
 * collection's where its last value ends, blank lines mark the next node `spaceBefore` or extend the
 * document), which the differential tests check against the `yaml` package. Anything else throws `Unsupported` and the
 * caller uses the general fast path (fast-parse-cst + fast-parse-compose).
 */
export class DirectBuilder {
  readonly documents: Document.Parsed[] = [];
  /** For each document, the [start, end) offsets of the keys that repeat an earlier key of their map (see fast-parse-keys). */
  readonly duplicateKeys: [number, number][][] = [];
  private repeatedKeys: [number, number][] = [];
  private doc: Document.Parsed | null = null;
  private stack: Open[] = [];
  /** Closed collections' records, with their item buffers, for the next ones. */
  private spare: Open[] = [];
  /** Longer key and plain value texts seen in this file: they repeat from object to object, and the file's tree is kept. */
  private readonly texts = new Map<string, string>();
  /** The token index after the last value read (`value`, `flow`). */
  private after = 0;
  private schema!: Schema;
  private scalars!: ScalarResolver;
  private resolverSchema: Schema | undefined;
  /** Where the package's lexer would start a document without `---` (its doc-mode token). */
  private implicitDocAt = -1;
  /** Tokens of the current line: kinds and [start, end) ranges (parallel arrays, reused). */
  private kinds: TokenKind[] = [];
  private starts: number[] = [];
  private ends: number[] = [];
  private count = 0;
  /** Characters of blank lines since the last content line (they extend the document range at its end). */
  private blankRun = 0;
  /** Blank lines came before the current line: its first node gets `spaceBefore`. */
  private spaceBefore = false;
  /** Comments for the `commentBefore` of the current line's first node. */
  private commentBefore = '';
  /** Blank and comment lines since the last content line, as the package's tokens (the next item's start). */
  private trivia: SourceToken[] = [];
  private triviaComments = false;
  /** Comment and line-break sources before the first document (the package's stream prelude). */
  private prelude: string[] = [];

  private readonly newDocuments: FastDocumentMaker;

  constructor(
    private readonly text: string,
    options: Record<string, unknown>,
    directives: StreamDirectives,
    private readonly maxDepth: number,
  ) {
    this.newDocuments = new FastDocumentMaker(directives, options);
  }

  readonly next = (kind: TokenKind, start: number, end: number): void => {
    if (kind === TokenKind.Newline) {
      this.line(start, end);
    } else if (kind !== TokenKind.DocMode) {
      const n = this.count++;
      this.kinds[n] = kind;
      this.starts[n] = start;
      this.ends[n] = end;
    } else {
      this.implicitDocAt = start;
    }
  };

  end(): void {
    if (this.count > 0) {
      this.line(this.text.length, this.text.length);
    }
    this.endDocument();
  }

  private startDocument(offset: number, docStart: boolean): void {
    this.endDocument();
    const doc = this.newDocuments.next();
    if (doc.schema !== this.resolverSchema) {
      this.schema = doc.schema;
      this.scalars = new ScalarResolver(doc.schema, doc.options);
      this.resolverSchema = doc.schema;
    }
    if (docStart) {
      doc.directives.docStart = true;
    }
    doc.range = [offset, offset, offset];
    this.doc = doc;
    this.repeatedKeys = [];
    this.blankRun = 0;
    this.spaceBefore = false;
    this.trivia = [];
  }

  private endDocument(): void {
    const doc = this.doc;
    if (!doc) {
      return;
    }
    if (this.triviaComments && this.trivia.some((t) => t.type === 'comment' && t.indent !== 0)) {
      unsupported('indented comments at the end of a document');
    }
    while (this.stack.length > 0) {
      this.close();
    }
    const contents = doc.contents;
    if (!contents) {
      unsupported('an empty document');
    }
    const end = endOf(contents) as number;
    // Blank and column-0 comment lines at the end belong to the document (its `comment`).
    const tail = resolveEnd(this.trivia, end, false);
    if (tail.comment) {
      doc.comment = tail.comment;
    }
    doc.range = [doc.range[0], end, end + this.blankRun];
    this.trivia = [];
    this.triviaComments = false;
    if (this.prelude.length > 0) {
      decorate(doc, this.prelude, false);
      this.prelude = [];
    }
    this.documents.push(doc);
    this.duplicateKeys.push(this.repeatedKeys);
    this.doc = null;
  }

  /** Closes the innermost open collection: a pending key gets its null value, the range its end. */
  private close(): void {
    const open = this.stack.pop() as Open;
    const node = open.node;
    if (open.pending) {
      open.pending.value = this.nullAt(open.pendingAt);
      open.pending = null;
    }
    const last = open.items[open.count - 1];
    const lastNode = open.isSeq ? (last as ParsedNode) : (last as Pair<ParsedNode, ParsedNode>).value;
    const end = endOf(lastNode) as number;
    const fields = node as unknown as RangeFields;
    fields.rangeValueEnd = end;
    fields.rangeEnd = end;
    node.items = exactCopy(open.items, open.count);
    this.spare.push(open);
  }

  /** One string for every occurrence of a text in the file (and, for short texts, in the run). */
  private sharedText(start: number, end: number): string {
    const source = this.text.slice(start, end);
    if (source.length < shortestSlice) {
      return shortText(source);
    }
    const known = this.texts.get(source);
    if (known !== undefined) {
      return known;
    }
    this.texts.set(source, source);
    return source;
  }

  private nullAt(at: number): ParsedNode {
    return this.scalars.composeSource('scalar', '', at, at, at) as ParsedNode;
  }

  /** The tokens of a line, gathered by `next`, and its line break [nlStart, nlEnd) (empty at the end of the text). */
  private line(nlStart: number, nlEnd: number): void {
    let n = this.count;
    this.count = 0;
    const { kinds, starts, ends } = this;
    // The arrays keep tokens of longer earlier lines: a sentinel ends this one.
    kinds[n] = TokenKind.Newline;
    let i = 0;
    if (n === 0 || (n === 1 && kinds[0] === TokenKind.Space)) {
      this.blankLine(n, nlStart, nlEnd);
      return;
    }
    if (kinds[n - 1] === TokenKind.Comment && (n === 1 || (n === 2 && kinds[0] === TokenKind.Space))) {
      this.commentLine(n, nlStart, nlEnd);
      return;
    }
    if (kinds[0] === TokenKind.DocStart) {
      if (n !== 1) {
        unsupported('a comment or spaces after ---');
      }
      this.startDocument(starts[0] as number, true);
      this.implicitDocAt = -1;
      return;
    }
    this.blankRun = 0;
    if (this.trivia.length > 0) {
      this.takeTrivia(kinds[0] === TokenKind.Space ? (ends[0] as number) - (starts[0] as number) : 0);
    }
    if (!this.doc) {
      if (this.implicitDocAt < 0) {
        unsupported('content outside a document');
      }
      this.startDocument(this.implicitDocAt, false);
      this.implicitDocAt = -1;
    }
    const indent = kinds[0] === TokenKind.Space ? (ends[0] as number) - (starts[i++] as number) : 0;
    let comment: string | undefined;
    const lineEnd = ends[n - 1] as number;
    if (kinds[n - 1] === TokenKind.Comment && kinds[n - 2] === TokenKind.Space && n >= 3) {
      comment = this.text.slice(starts[n - 1], lineEnd);
      n -= 2;
      kinds[n] = TokenKind.Newline;
    }
    const last = kinds[n - 1];
    if (last === TokenKind.Space || last === TokenKind.Comment || last === TokenKind.DocEnd) {
      unsupported('trailing spaces, a comment or a document end marker');
    }
    const valueEnd = ends[n - 1] as number;
    // The first element of the line (a `-` or a key) attaches to the open collections by its column.
    let column = indent;
    let first = true;
    while (kinds[i] === TokenKind.SeqItemInd) {
      const at = starts[i] as number;
      if (first) {
        this.attachSeqItem(column, at);
        first = false;
      } else {
        this.nest(new FastSeq(this.schema), true, column, at);
      }
      i++;
      if (kinds[i] === TokenKind.Space) {
        column += 1 + (ends[i] as number) - (starts[i++] as number);
      } else {
        unsupported('a - with nothing after it');
      }
    }
    if (i >= n) {
      unsupported('a - with nothing after it');
    }
    if (kinds[i + 1] === TokenKind.MapValueInd) {
      const keyKind = kinds[i] as TokenKind;
      if (keyKind !== TokenKind.Scalar && keyKind !== TokenKind.SingleQuotedScalar && keyKind !== TokenKind.DoubleQuotedScalar) {
        unsupported('a key that is not a scalar');
      }
      const keyAt = starts[i] as number;
      const keyEnd = ends[i] as number;
      const keySource = keyText(this.text.slice(keyAt, keyEnd));
      if (first) {
        this.attachKey(column, keyAt);
      } else {
        this.nest(new FastMap(this.schema), false, column, keyAt);
      }
      const key = this.scalars.composeSource(tokenTypes[keyKind] as FlowScalarType, keySource, keyAt, keyEnd, keyEnd);
      this.markSpaceBefore(key);
      const pair = new FastPair<ParsedNode, ParsedNode | null>(key as ParsedNode, null);
      const top = this.top() as Open;
      if (repeatsEarlierKey(top.items as Pair[], top.count, key.value, top)) {
        this.repeatedKeys.push([keyAt, keyAt + keySource.length]);
      }
      top.items[top.count++] = pair;
      i += 2;
      if (i >= n) {
        if (comment !== undefined) {
          unsupported('a comment after a key without a value');
        }
        top.pending = pair;
        top.pendingAt = lineEnd;
        return;
      }
      if (kinds[i] !== TokenKind.Space) {
        unsupported('a value right after :');
      }
      i++;
      const value = this.value(i, n);
      pair.value = value;
      this.endValueAtLineEnd(value, valueEnd, lineEnd + nlEnd - nlStart, comment);
      if (this.after !== n) {
        unsupported('content after a value');
      }
      return;
    }
    if (first) {
      unsupported('a value on a line of its own');
    }
    const top = this.top() as Open;
    const value = this.value(i, n);
    this.endValueAtLineEnd(value, valueEnd, lineEnd + nlEnd - nlStart, comment);
    if (this.after !== n) {
      unsupported('content after a value');
    }
    this.markSpaceBefore(value);
    top.items[top.count++] = value;
  }

  /**
   * A blank line: before the first document it is nothing; right after `---` it gives the document's
   * first node `spaceBefore`; between lines it gives the next line's first node `spaceBefore`; at the
   * end of a document it extends the document's range. After a key without a value the package
   * places it otherwise: not handled here.
   */
  private blankLine(n: number, nlStart: number, nlEnd: number): void {
    if (!this.doc) {
      if (this.implicitDocAt >= 0) {
        unsupported('a blank line inside the first line of a document');
      }
      if (nlEnd > nlStart) {
        this.prelude.push(this.text.slice(nlStart, nlEnd));
      }
      return;
    }
    if (this.top()?.pending) {
      unsupported('a blank line after a key without a value');
    }
    if (this.doc.contents) {
      this.pushTrivia(n, nlStart, nlEnd);
    } else {
      this.spaceBefore = true;
    }
  }

  /** After blank lines, the first node a line creates or adds (a key, an item, a new collection) has `spaceBefore`. */
  private markSpaceBefore(node: { spaceBefore?: boolean; commentBefore?: string | null }): void {
    if (this.spaceBefore) {
      node.spaceBefore = true;
      this.spaceBefore = false;
    }
    if (this.commentBefore) {
      node.commentBefore = this.commentBefore;
      this.commentBefore = '';
    }
  }

  /** A value that ends its line takes in the line break, which ends at `breakEnd`. */
  private endValueAtLineEnd(value: ParsedNode, valueEnd: number, breakEnd: number, comment: string | undefined): void {
    if (valueEndOf(value) !== valueEnd) {
      unsupported('content after a value');
    }
    (value as unknown as RangeFields).rangeEnd = breakEnd;
    if (comment !== undefined) {
      value.comment = comment.substring(1) || ' ';
    }
  }

  /**
   * A comment line between two content lines. The package puts it (with the blank lines around it)
   * before the next item, whose first node gets it as `commentBefore`, when the comment is at that
   * item's column (checked in takeTrivia); elsewhere its rules differ: not handled here.
   */
  private commentLine(n: number, nlStart: number, nlEnd: number): void {
    if (!this.doc && this.implicitDocAt < 0) {
      this.prelude.push(this.text.slice(this.starts[n - 1], this.ends[n - 1]));
      if (nlEnd > nlStart) {
        this.prelude.push(this.text.slice(nlStart, nlEnd));
      }
      return;
    }
    if (!this.doc?.contents || this.top()?.pending) {
      unsupported('a comment before a document, after --- or after a key without a value');
    }
    this.pushTrivia(n, nlStart, nlEnd);
    this.triviaComments = true;
  }

  /** The tokens of a blank or comment line, with the offsets and indentation the package gives them. */
  private pushTrivia(n: number, nlStart: number, nlEnd: number): void {
    const { kinds, starts, ends, text } = this;
    let indent = 0;
    for (let k = 0; k < n; k++) {
      const source = text.slice(starts[k], ends[k]);
      this.trivia.push({ type: tokenTypes[kinds[k] as TokenKind] as TokenType, offset: starts[k] as number, indent, source });
      indent += source.length;
      this.blankRun += source.length;
    }
    if (nlEnd > nlStart) {
      this.trivia.push({ type: 'newline', offset: nlStart, indent, source: text.slice(nlStart, nlEnd) });
      this.blankRun += nlEnd - nlStart;
    }
  }

  /** The blank and comment lines before a content line indented by `column`: its first node's props. */
  private takeTrivia(column: number): void {
    const trivia = this.trivia;
    this.trivia = [];
    if (this.triviaComments && trivia.some((t) => t.type === 'comment' && t.indent !== column)) {
      unsupported('a comment line not at the column of the next item');
    }
    this.triviaComments = false;
    const props = resolveProps(trivia, { indicator: 'explicit-key-ind', offset: 0, startOnNewline: true });
    this.spaceBefore = props.spaceBefore;
    this.commentBefore = props.comment;
  }

  /** A `-` first on its line at `column`: a new item of an open sequence, or a new sequence. */
  private attachSeqItem(column: number, at: number): void {
    this.popDeeperThan(column);
    const top = this.top();
    if (top && top.isSeq && top.indent === column) {
      return;
    }
    if (top ? top.pending && top.indent <= column : !this.doc?.contents) {
      this.nest(new FastSeq(this.schema), true, column, at);
      return;
    }
    unsupported('a sequence item that does not line up');
  }

  /** A key first on its line at `column`: a new pair of an open map, or a new map. */
  private attachKey(column: number, at: number): void {
    this.popDeeperThan(column);
    let top = this.top();
    if (top && top.isSeq && top.indent === column) {
      if (this.commentBefore) {
        // The package leaves comments at the sequence's own column with the sequence (its `comment`).
        unsupported('a comment line at the column of a sequence that ends there');
      }
      this.close();
      top = this.top();
    }
    if (top && !top.isSeq && top.indent === column) {
      if (top.pending) {
        top.pending.value = this.nullAt(top.pendingAt);
        top.pending = null;
      }
      return;
    }
    if (top ? top.pending && top.indent < column : !this.doc?.contents) {
      this.nest(new FastMap(this.schema), false, column, at);
      return;
    }
    unsupported('a key that does not line up');
  }

  /** The innermost open collection. (Indexing an empty stack at -1 would turn each place that reads it into a slow, megamorphic lookup.) */
  private top(): Open | undefined {
    const stack = this.stack;
    return stack.length > 0 ? stack[stack.length - 1] : undefined;
  }

  private popDeeperThan(column: number): void {
    while (this.stack.length > 0 && (this.top() as Open).indent > column) {
      this.close();
    }
  }

  /** Opens `node` at `column` as the value of the innermost pending key, sequence item or document. */
  private nest(node: YAMLMap | YAMLSeq, isSeq: boolean, column: number, at: number): void {
    setRange(node, at, at, at);
    this.markSpaceBefore(node);
    const top = this.top();
    if (!top) {
      (this.doc as Document.Parsed).contents = node as never;
    } else if (top.pending) {
      top.pending.value = node as ParsedNode;
      top.pending = null;
    } else if (top.isSeq) {
      top.items[top.count++] = node;
    } else {
      unsupported('a nested collection without a key');
    }
    if (this.stack.length >= this.maxDepth) {
      unsupported('deep nesting');
    }
    const open = this.spare.pop();
    if (open) {
      open.node = node;
      open.isSeq = isSeq;
      open.indent = column;
      open.pending = null;
      open.pendingAt = 0;
      open.keyIndex = null;
      open.count = 0;
      this.stack.push(open);
    } else {
      this.stack.push({ node, isSeq, indent: column, pending: null, pendingAt: 0, keyIndex: null, items: [], count: 0 });
    }
  }

  /** A scalar or flow collection from token `i`; `this.after` is the index after it. */
  private value(i: number, n: number): ParsedNode {
    const kind = this.kinds[i] as TokenKind;
    if (kind === TokenKind.Scalar || kind === TokenKind.SingleQuotedScalar || kind === TokenKind.DoubleQuotedScalar) {
      const at = this.starts[i] as number;
      const end = this.ends[i] as number;
      const source = kind === TokenKind.Scalar ? this.sharedText(at, end) : this.text.slice(at, end);
      this.after = i + 1;
      return this.scalars.composeSource(tokenTypes[kind] as FlowScalarType, source, at, end, end) as ParsedNode;
    }
    if (kind === TokenKind.FlowSeqStart || kind === TokenKind.FlowMapStart) {
      return this.flow(i, n);
    }
    return unsupported(`a ${tokenTypes[kind]} as a value`);
  }

  /** A one-line flow collection from token `i` (the lexer has checked its shape); `this.after` is the index after it. */
  private flow(i: number, n: number): ParsedNode {
    const { kinds, starts } = this;
    const isMap = kinds[i] === TokenKind.FlowMapStart;
    const coll = isMap ? new FastMap<ParsedNode, ParsedNode>(this.schema) : new FastSeq<ParsedNode>(this.schema);
    const keys: KeyIndexHolder = { keyIndex: null };
    coll.flow = true;
    const start = starts[i] as number;
    i++;
    if (kinds[i] === TokenKind.Space) {
      i++;
    }
    while (i < n && kinds[i] !== TokenKind.FlowSeqEnd && kinds[i] !== TokenKind.FlowMapEnd) {
      if (kinds[i] === TokenKind.Comma) {
        i++;
        if (kinds[i] === TokenKind.Space) {
          i++;
        }
        continue;
      }
      const first = this.scalarAt(i);
      i = isMap ? (kinds[i + 1] === TokenKind.Space ? i + 2 : i + 1) : this.trailing(first, i + 1);
      if (isMap) {
        if (kinds[i] !== TokenKind.MapValueInd) {
          unsupported('a flow map entry without :');
        }
        i++;
        if (kinds[i] === TokenKind.Space) {
          i++;
        }
        const value = this.scalarAt(i);
        i = this.trailing(value, i + 1);
        const pairs = (coll as YAMLMap<ParsedNode, ParsedNode>).items;
        if (repeatsEarlierKey(pairs, pairs.length, first.value, keys)) {
          this.repeatedKeys.push([startOf(first) as number, valueEndOf(first) as number]);
        }
        pairs.push(new FastPair<ParsedNode, ParsedNode>(first as ParsedNode, value as ParsedNode));
      } else {
        (coll as YAMLSeq<ParsedNode>).items.push(first as ParsedNode);
      }
    }
    if (i >= n) {
      unsupported('an unterminated flow collection');
    }
    const end = (starts[i] as number) + 1;
    setRange(coll, start, end, end);
    coll.items = coll.items.slice();
    this.after = i + 1;
    return coll as ParsedNode;
  }

  private scalarAt(k: number): Scalar {
    const at = this.starts[k] as number;
    const end = this.ends[k] as number;
    return this.scalars.composeSource(tokenTypes[this.kinds[k] as TokenKind] as FlowScalarType, this.text.slice(at, end), at, end, end);
  }

  /** Spaces after a flow item belong to its range (the package's fixFlowSeqItems / lineEnd). */
  private trailing(node: Scalar, k: number): number {
    if (this.kinds[k] === TokenKind.Space) {
      (node as unknown as RangeFields).rangeEnd += (this.ends[k] as number) - (this.starts[k] as number);
      return k + 1;
    }
    return k;
  }
}
