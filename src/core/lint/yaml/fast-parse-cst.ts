import {
  isFlowScalar,
  unsupported,
  type BlockMapToken,
  type BlockScalarToken,
  type BlockSeqToken,
  type CollectionItem,
  type CstNode,
  type DocEndToken,
  type DocumentToken,
  type FlowCollectionToken,
  type FlowScalarToken,
  type SourceToken,
  type StreamToken,
  type TokenType,
} from './fast-parse-tokens';

type StackEntry = DocumentToken | DocEndToken | CstNode;

const includesToken = (list: readonly SourceToken[], type: TokenType): boolean => list.some((t) => t.type === type);

function findNonEmptyIndex(list: readonly SourceToken[]): number {
  return list.findIndex((t) => t.type !== 'space' && t.type !== 'comment' && t.type !== 'newline');
}

function getPrevProps(parent: StackEntry): SourceToken[] {
  switch (parent.type) {
    case 'document':
      return parent.start;
    case 'block-map': {
      const it = parent.items[parent.items.length - 1] as CollectionItem;
      return it.sep ?? it.start;
    }
    case 'block-seq':
      return (parent.items[parent.items.length - 1] as CollectionItem).start;
    default:
      return [];
  }
}

/** Removes and returns the trailing tokens of `prev` that belong to the next key (may modify `prev`). */
function getFirstKeyStartProps(prev: SourceToken[]): SourceToken[] {
  if (prev.length === 0) {
    return [];
  }
  let i = prev.length;
  loop: while (--i >= 0) {
    switch (prev[i]?.type) {
      case 'doc-start':
      case 'map-value-ind':
      case 'seq-item-ind':
      case 'newline':
        break loop;
    }
  }
  while (prev[++i]?.type === 'space') {
    /* skip */
  }
  return prev.splice(i, prev.length);
}

function fixFlowSeqItems(fc: FlowCollectionToken): void {
  if (fc.start.type !== 'flow-seq-start') {
    return;
  }
  for (const it of fc.items) {
    if (it.sep && !it.value && !includesToken(it.sep, 'map-value-ind')) {
      if (it.key) {
        it.value = it.key;
      }
      delete it.key;
      if (isFlowScalar(it.value)) {
        if (it.value.end) {
          it.value.end.push(...it.sep);
        } else {
          it.value.end = it.sep;
        }
      } else {
        it.start.push(...it.sep);
      }
      delete it.sep;
    }
  }
}

/**
 * The `yaml` package's CST parser (parse/parser.js) without generators, restricted to the tokens
 * the fast lexer produces. Branches the subset cannot reach, or that the package reports as errors,
 * throw `Unsupported`.
 */
export class CstParser {
  readonly out: StreamToken[] = [];
  private atNewLine = true;
  private indent = 0;
  private offset = 0;
  private onKeyLine = false;
  private readonly stack: StackEntry[] = [];
  private source = '';
  private type: TokenType = 'doc-mode';

  /** `maxDepth`: deeper nesting throws `Unsupported` (the composer recurses once per level). */
  constructor(private readonly maxDepth: number) {}

  readonly next = (type: TokenType, source: string): void => {
    this.source = source;
    this.type = type;
    if (type === 'scalar' || type === 'single-quoted-scalar' || type === 'double-quoted-scalar') {
      this.atNewLine = false;
      this.step();
    } else {
      this.step();
      switch (type) {
        case 'newline':
          this.atNewLine = true;
          this.indent = 0;
          break;
        case 'space':
          if (this.atNewLine && source[0] === ' ') {
            this.indent += source.length;
          }
          break;
        case 'map-value-ind':
        case 'seq-item-ind':
          if (this.atNewLine) {
            this.indent += source.length;
          }
          break;
        case 'doc-mode':
          return;
        default:
          this.atNewLine = false;
      }
    }
    this.offset += source.length;
    if (this.stack.length > this.maxDepth) {
      unsupported('deep nesting');
    }
  };

  end(): void {
    while (this.stack.length > 0) {
      this.pop();
    }
  }

  private get sourceToken(): SourceToken {
    return { type: this.type, offset: this.offset, indent: this.indent, source: this.source };
  }

  private step(): void {
    const top = this.peek(1);
    if (this.type === 'doc-end' && top?.type !== 'doc-end') {
      while (this.stack.length > 0) {
        this.pop();
      }
      this.stack.push({ type: 'doc-end', offset: this.offset, source: this.source });
      return;
    }
    if (!top) {
      this.stream();
      return;
    }
    switch (top.type) {
      case 'document':
        return this.document(top);
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
        return this.scalar(top);
      case 'block-scalar':
        return this.blockScalar(top);
      case 'block-map':
        return this.blockMap(top);
      case 'block-seq':
        return this.blockSequence(top);
      case 'flow-collection':
        return this.flowCollection(top);
      case 'doc-end':
        return this.documentEnd(top);
    }
  }

  private peek(n: number): StackEntry | undefined {
    return this.stack[this.stack.length - n];
  }

  private pop(): void {
    const token = this.stack.pop() as StackEntry;
    if (this.stack.length === 0) {
      if (token.type !== 'document' && token.type !== 'doc-end') {
        unsupported(`a ${token.type} outside a document`);
      }
      this.out.push(token);
      return;
    }
    const top = this.peek(1) as StackEntry;
    if (token.type === 'document' || token.type === 'doc-end') {
      unsupported('a document inside a node');
    }
    if (token.type === 'block-scalar') {
      // Block scalars use their parent's indentation rather than their header's.
      token.indent = 'indent' in top ? top.indent : 0;
    }
    if (token.type === 'flow-collection') {
      if (top.type === 'document') {
        token.indent = 0;
      }
      fixFlowSeqItems(token);
    }
    switch (top.type) {
      case 'document':
        top.value = token;
        break;
      case 'block-map': {
        const it = top.items[top.items.length - 1] as CollectionItem;
        if (it.value) {
          top.items.push({ start: [], key: token, sep: [] });
          this.onKeyLine = true;
          return;
        } else if (it.sep) {
          it.value = token;
        } else {
          it.key = token;
          it.sep = [];
          this.onKeyLine = true;
          return;
        }
        break;
      }
      case 'block-seq': {
        const it = top.items[top.items.length - 1] as CollectionItem;
        if (it.value) {
          top.items.push({ start: [], value: token });
        } else {
          it.value = token;
        }
        break;
      }
      case 'flow-collection': {
        const it = top.items[top.items.length - 1];
        if (!it || it.value) {
          top.items.push({ start: [], key: token, sep: [] });
        } else if (it.sep) {
          it.value = token;
        } else {
          it.key = token;
          it.sep = [];
        }
        return;
      }
      default:
        unsupported(`a ${token.type} inside a ${top.type}`);
    }
    if ((top.type === 'document' || top.type === 'block-map' || top.type === 'block-seq') && (token.type === 'block-map' || token.type === 'block-seq')) {
      const last = token.items[token.items.length - 1];
      if (
        last &&
        !last.sep &&
        !last.value &&
        last.start.length > 0 &&
        findNonEmptyIndex(last.start) === -1 &&
        (token.indent === 0 || last.start.every((st) => st.type !== 'comment' || st.indent < token.indent))
      ) {
        if (top.type === 'document') {
          top.end = last.start;
        } else {
          top.items.push({ start: last.start });
        }
        token.items.splice(-1, 1);
      }
    }
  }

  private stream(): void {
    switch (this.type) {
      case 'space':
      case 'comment':
      case 'newline':
        this.out.push(this.sourceToken);
        return;
      case 'doc-mode':
      case 'doc-start': {
        const doc: DocumentToken = { type: 'document', offset: this.offset, start: [] };
        if (this.type === 'doc-start') {
          doc.start.push(this.sourceToken);
        }
        this.stack.push(doc);
        return;
      }
    }
    unsupported(`a ${this.type} token in the YAML stream`);
  }

  private document(doc: DocumentToken): void {
    if (doc.value) {
      return this.lineEnd(doc);
    }
    switch (this.type) {
      case 'doc-start':
        if (findNonEmptyIndex(doc.start) !== -1) {
          this.pop();
          this.step();
        } else {
          doc.start.push(this.sourceToken);
        }
        return;
      case 'space':
      case 'comment':
      case 'newline':
        doc.start.push(this.sourceToken);
        return;
    }
    const bv = this.startBlockValue(doc);
    if (!bv) {
      unsupported(`a ${this.type} token in a YAML document`);
    }
    this.stack.push(bv);
  }

  private scalar(scalar: FlowScalarToken): void {
    if (this.type === 'map-value-ind') {
      const prev = getPrevProps(this.peek(2) as StackEntry);
      const start = getFirstKeyStartProps(prev);
      let sep: SourceToken[];
      if (scalar.end) {
        sep = scalar.end;
        sep.push(this.sourceToken);
        delete scalar.end;
      } else {
        sep = [this.sourceToken];
      }
      const map: BlockMapToken = { type: 'block-map', offset: scalar.offset, indent: scalar.indent, items: [{ start, key: scalar, sep }] };
      this.onKeyLine = true;
      this.stack[this.stack.length - 1] = map;
    } else {
      this.lineEnd(scalar);
    }
  }

  private blockScalar(scalar: BlockScalarToken): void {
    switch (this.type) {
      case 'space':
      case 'comment':
      case 'newline':
        scalar.props.push(this.sourceToken);
        return;
      case 'scalar':
        scalar.source = this.source;
        this.atNewLine = true;
        this.indent = 0;
        this.pop();
        return;
      default:
        unsupported(`a ${this.type} token in a block scalar header`);
    }
  }

  private blockMap(map: BlockMapToken): void {
    const it = map.items[map.items.length - 1] as CollectionItem;
    switch (this.type) {
      case 'newline':
        this.onKeyLine = false;
        if (it.value) {
          const end = flowEnd(it.value);
          if (end?.[end.length - 1]?.type === 'comment') {
            end.push(this.sourceToken);
          } else {
            map.items.push({ start: [this.sourceToken] });
          }
        } else if (it.sep) {
          it.sep.push(this.sourceToken);
        } else {
          it.start.push(this.sourceToken);
        }
        return;
      case 'space':
      case 'comment':
        if (it.value) {
          map.items.push({ start: [this.sourceToken] });
        } else if (it.sep) {
          it.sep.push(this.sourceToken);
        } else {
          if (!this.commentJoinsPrevious(map.items, map.indent, it)) {
            it.start.push(this.sourceToken);
          }
        }
        return;
    }
    if (this.indent >= map.indent) {
      const atMapIndent = !this.onKeyLine && this.indent === map.indent;
      const atNextItem = atMapIndent && it.sep !== undefined && this.type !== 'seq-item-ind';
      let start: SourceToken[] = [];
      if (atNextItem && it.sep && !it.value) {
        const nl: number[] = [];
        for (let i = 0; i < it.sep.length; ++i) {
          const st = it.sep[i] as SourceToken;
          switch (st.type) {
            case 'newline':
              nl.push(i);
              break;
            case 'space':
              break;
            case 'comment':
              if (st.indent > map.indent) {
                nl.length = 0;
              }
              break;
            default:
              nl.length = 0;
          }
        }
        if (nl.length >= 2) {
          start = it.sep.splice(nl[1] as number);
        }
      }
      switch (this.type) {
        case 'map-value-ind':
          if (!it.sep) {
            it.key = null;
            it.sep = [this.sourceToken];
          } else if (it.value || atNextItem) {
            map.items.push({ start, key: null, sep: [this.sourceToken] });
          } else if (includesToken(it.sep, 'map-value-ind')) {
            this.stack.push({ type: 'block-map', offset: this.offset, indent: this.indent, items: [{ start: [], key: null, sep: [this.sourceToken] }] });
          } else {
            it.sep.push(this.sourceToken);
          }
          this.onKeyLine = true;
          return;
        case 'scalar':
        case 'single-quoted-scalar':
        case 'double-quoted-scalar': {
          const fs = this.flowScalar();
          if (atNextItem || it.value) {
            map.items.push({ start, key: fs, sep: [] });
            this.onKeyLine = true;
          } else if (it.sep) {
            this.stack.push(fs);
          } else {
            it.key = fs;
            it.sep = [];
            this.onKeyLine = true;
          }
          return;
        }
        default: {
          const bv = this.startBlockValue(map);
          if (bv) {
            if (bv.type === 'block-seq') {
              if (it.sep && !includesToken(it.sep, 'newline')) {
                unsupported('a block sequence on the same line as its key');
              }
            } else if (atMapIndent) {
              map.items.push({ start });
            }
            this.stack.push(bv);
            return;
          }
        }
      }
    }
    this.pop();
    this.step();
  }

  private blockSequence(seq: BlockSeqToken): void {
    const it = seq.items[seq.items.length - 1] as CollectionItem;
    switch (this.type) {
      case 'newline':
        if (it.value) {
          const end = flowEnd(it.value);
          if (end?.[end.length - 1]?.type === 'comment') {
            end.push(this.sourceToken);
          } else {
            seq.items.push({ start: [this.sourceToken] });
          }
        } else {
          it.start.push(this.sourceToken);
        }
        return;
      case 'space':
      case 'comment':
        if (it.value) {
          seq.items.push({ start: [this.sourceToken] });
        } else {
          if (!this.commentJoinsPrevious(seq.items, seq.indent, it)) {
            it.start.push(this.sourceToken);
          }
        }
        return;
      case 'seq-item-ind':
        if (this.indent !== seq.indent) {
          break;
        }
        if (it.value || includesToken(it.start, 'seq-item-ind')) {
          seq.items.push({ start: [this.sourceToken] });
        } else {
          it.start.push(this.sourceToken);
        }
        return;
    }
    if (this.indent > seq.indent) {
      const bv = this.startBlockValue(seq);
      if (bv) {
        this.stack.push(bv);
        return;
      }
    }
    this.pop();
    this.step();
  }

  private flowCollection(fc: FlowCollectionToken): void {
    const it = fc.items[fc.items.length - 1];
    if (fc.end.length === 0) {
      switch (this.type) {
        case 'comma':
          if (!it || it.sep) {
            fc.items.push({ start: [this.sourceToken] });
          } else {
            it.start.push(this.sourceToken);
          }
          return;
        case 'map-value-ind':
          if (!it || it.value) {
            fc.items.push({ start: [], key: null, sep: [this.sourceToken] });
          } else if (it.sep) {
            it.sep.push(this.sourceToken);
          } else {
            it.key = null;
            it.sep = [this.sourceToken];
          }
          return;
        case 'space':
        case 'comment':
        case 'newline':
          if (!it || it.value) {
            fc.items.push({ start: [this.sourceToken] });
          } else if (it.sep) {
            it.sep.push(this.sourceToken);
          } else {
            it.start.push(this.sourceToken);
          }
          return;
        case 'scalar':
        case 'single-quoted-scalar':
        case 'double-quoted-scalar': {
          const fs = this.flowScalar();
          if (!it || it.value) {
            fc.items.push({ start: [], key: fs, sep: [] });
          } else if (it.sep) {
            this.stack.push(fs);
          } else {
            it.key = fs;
            it.sep = [];
          }
          return;
        }
        case 'flow-map-end':
        case 'flow-seq-end':
          fc.end.push(this.sourceToken);
          return;
      }
      unsupported(`a ${this.type} token in a flow collection`);
    }
    const parent = this.peek(2) as StackEntry;
    if (parent.type === 'block-map' && ((this.type === 'map-value-ind' && parent.indent === fc.indent) || (this.type === 'newline' && !(parent.items[parent.items.length - 1] as CollectionItem).sep))) {
      this.pop();
      this.step();
    } else if (this.type === 'map-value-ind' && parent.type !== 'flow-collection') {
      unsupported('a flow collection as a key');
    } else {
      this.lineEnd(fc);
    }
  }

  private flowScalar(): FlowScalarToken {
    return { type: this.type as FlowScalarToken['type'], offset: this.offset, indent: this.indent, source: this.source };
  }

  private startBlockValue(parent: StackEntry): CstNode | null {
    switch (this.type) {
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
        return this.flowScalar();
      case 'block-scalar-header':
        return { type: 'block-scalar', offset: this.offset, indent: this.indent, props: [this.sourceToken], source: '' };
      case 'flow-map-start':
      case 'flow-seq-start':
        return { type: 'flow-collection', offset: this.offset, indent: this.indent, start: this.sourceToken, items: [], end: [] };
      case 'seq-item-ind':
        return { type: 'block-seq', offset: this.offset, indent: this.indent, items: [{ start: [this.sourceToken] }] };
      case 'map-value-ind': {
        this.onKeyLine = true;
        const prev = getPrevProps(parent);
        const start = getFirstKeyStartProps(prev);
        return { type: 'block-map', offset: this.offset, indent: this.indent, items: [{ start, key: null, sep: [this.sourceToken] }] };
      }
    }
    return null;
  }

  /** A comment line indented under the previous item's flow value joins that value's end (the package's rule). */
  private commentJoinsPrevious(items: CollectionItem[], indent: number, it: CollectionItem): boolean {
    if (!this.atIndentedComment(it.start, indent)) {
      return false;
    }
    const end = flowEnd(items[items.length - 2]?.value);
    if (!end) {
      return false;
    }
    end.push(...it.start, this.sourceToken);
    items.pop();
    return true;
  }

  private atIndentedComment(start: readonly SourceToken[], indent: number): boolean {
    if (this.type !== 'comment' || this.indent <= indent) {
      return false;
    }
    return start.every((st) => st.type === 'newline' || st.type === 'space');
  }

  private documentEnd(docEnd: DocEndToken): void {
    if (this.type !== 'doc-mode') {
      if (docEnd.end) {
        docEnd.end.push(this.sourceToken);
      } else {
        docEnd.end = [this.sourceToken];
      }
      if (this.type === 'newline') {
        this.pop();
      }
    }
  }

  private lineEnd(token: DocumentToken | FlowScalarToken | FlowCollectionToken): void {
    switch (this.type) {
      case 'comma':
      case 'doc-start':
      case 'doc-end':
      case 'flow-seq-end':
      case 'flow-map-end':
      case 'map-value-ind':
        this.pop();
        this.step();
        break;
      default:
        if (this.type === 'newline') {
          this.onKeyLine = false;
        }
        if (token.end) {
          token.end.push(this.sourceToken);
        } else {
          token.end = [this.sourceToken];
        }
        if (this.type === 'newline') {
          this.pop();
        }
    }
  }
}

/** The end tokens of a flow scalar or flow collection (where trailing comments go); undefined for others. */
function flowEnd(value: CollectionItem['value']): SourceToken[] | undefined {
  const end = value && (isFlowScalar(value) || value.type === 'flow-collection') ? value.end : undefined;
  return Array.isArray(end) ? end : undefined;
}
