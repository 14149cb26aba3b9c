import { Scalar, YAMLMap, YAMLSeq, isCollection, isPair, type Document, type ParsedNode, type Schema } from 'yaml';
import { FastMap, FastPair, FastSeq, FastDocumentMaker, setRange, type RangeFields, type StreamDirectives } from './fast-nodes';
import { endOf } from '../../schemas/node-range';
import { composeBlockScalar } from './fast-parse-block-scalar';
import { ScalarResolver } from './fast-parse-scalar';
import {
  isFlowScalar,
  unsupported,
  type BlockMapToken,
  type BlockSeqToken,
  type CollectionItem,
  type DocEndToken,
  type CstNode,
  type DocumentToken,
  type FlowCollectionToken,
  type FlowScalarToken,
  type SourceToken,
  type StreamToken,
} from './fast-parse-tokens';

/*
 * The `yaml` package's composer (compose/*.js) for the CST of the fast path: same ranges, comments
 * and blank-line flags. Where the package would report an error or a warning, the fast path gives up
 * instead (`Unsupported`), so every document it returns has empty `errors` and `warnings`.
 */

interface Props {
  comma: SourceToken | null;
  found: SourceToken | null;
  spaceBefore: boolean;
  comment: string;
  hasNewline: boolean;
  end: number;
}

interface PropsContext {
  flow?: string;
  indicator: 'doc-start' | 'map-value-ind' | 'seq-item-ind' | 'explicit-key-ind';
  offset: number;
  startOnNewline: boolean;
}

/** compose/resolve-props.js for the subset (no anchors, tags or tabs). */
export function resolveProps(tokens: readonly SourceToken[], { flow, indicator, offset, startOnNewline }: PropsContext): Props {
  let spaceBefore = false;
  let atNewline = startOnNewline;
  let hasSpace = startOnNewline;
  let comment = '';
  let commentSep = '';
  let hasNewline = false;
  let comma: SourceToken | null = null;
  let found: SourceToken | null = null;
  for (const token of tokens) {
    switch (token.type) {
      case 'space':
        hasSpace = true;
        break;
      case 'comment': {
        if (!hasSpace) {
          unsupported('a comment not separated by white space');
        }
        const cb = token.source.substring(1) || ' ';
        if (!comment) {
          comment = cb;
        } else {
          comment += commentSep + cb;
        }
        commentSep = '';
        atNewline = false;
        break;
      }
      case 'newline':
        if (atNewline) {
          if (comment) {
            comment += token.source;
          } else if (!found || indicator !== 'seq-item-ind') {
            spaceBefore = true;
          }
        } else {
          commentSep += token.source;
        }
        atNewline = true;
        hasNewline = true;
        hasSpace = true;
        break;
      case indicator:
        if (found) {
          unsupported(`a repeated ${token.source}`);
        }
        found = token;
        atNewline = indicator === 'seq-item-ind' || indicator === 'explicit-key-ind';
        hasSpace = false;
        break;
      case 'comma':
        if (flow) {
          if (comma) {
            unsupported(`an unexpected , in a ${flow}`);
          }
          comma = token;
          atNewline = false;
          hasSpace = false;
          break;
        }
        unsupported('an unexpected comma');
        break;
      default:
        unsupported(`an unexpected ${token.type} token`);
    }
  }
  const last = tokens[tokens.length - 1];
  const end = last ? last.offset + last.source.length : offset;
  return { comma, found, spaceBefore, comment, hasNewline, end };
}

/** compose/resolve-end.js: the comment and end offset of the tokens after a node. */
export function resolveEnd(end: readonly SourceToken[] | undefined, offset: number, reqSpace: boolean): { comment: string; offset: number } {
  let comment = '';
  if (end) {
    let hasSpace = false;
    let sep = '';
    for (const token of end) {
      const { source, type } = token;
      switch (type) {
        case 'space':
          hasSpace = true;
          break;
        case 'comment': {
          if (reqSpace && !hasSpace) {
            unsupported('a comment not separated by white space');
          }
          const cb = source.substring(1) || ' ';
          if (!comment) {
            comment = cb;
          } else {
            comment += sep + cb;
          }
          sep = '';
          break;
        }
        case 'newline':
          if (comment) {
            sep += source;
          }
          hasSpace = true;
          break;
        default:
          unsupported(`an unexpected ${type} at the end of a node`);
      }
      offset += source.length;
    }
  }
  return { comment, offset };
}

function emptyScalarPosition(offset: number, before: readonly SourceToken[] | undefined): number {
  if (before) {
    for (let i = before.length - 1; i >= 0; --i) {
      let st = before[i];
      switch (st?.type) {
        case 'space':
        case 'comment':
        case 'newline':
          offset -= (st).source.length;
          continue;
      }
      st = before[++i];
      while (st?.type === 'space') {
        offset += st.source.length;
        st = before[++i];
      }
      break;
    }
  }
  return offset;
}

function containsNewline(key: CstNode | null | undefined): boolean {
  if (!key) {
    return false;
  }
  if (!isFlowScalar(key)) {
    return true;
  }
  return key.source.includes('\n') || (key.end?.some((st) => st.type === 'newline') ?? false);
}

/** Composes the documents of one YAML stream, like compose/composer.js with the given options. */
export class FastComposer {
  readonly documents: Document.Parsed[] = [];
  private doc: Document.Parsed | null = null;
  private prelude: string[] = [];
  private schema!: Schema;
  private scalars!: ScalarResolver;
  private resolverSchema: Schema | undefined;

  private readonly newDocuments: FastDocumentMaker;

  constructor(options: Record<string, unknown>, directives: StreamDirectives) {
    this.newDocuments = new FastDocumentMaker(directives, options);
  }

  next(token: StreamToken): void {
    switch (token.type) {
      case 'document': {
        const doc = this.composeDoc(token);
        this.decorate(doc, false);
        if (this.doc) {
          this.documents.push(this.doc);
        }
        this.doc = doc;
        break;
      }
      case 'space':
        break;
      case 'comment':
      case 'newline':
        this.prelude.push(token.source);
        break;
      case 'doc-end': {
        if (!this.doc) {
          unsupported('a document end marker without a document');
        }
        const doc = this.doc;
        doc.directives.docEnd = true;
        const end = resolveEnd((token as DocEndToken).end, token.offset + token.source.length, true);
        this.decorate(doc, true);
        if (end.comment) {
          const dc = doc.comment;
          doc.comment = dc ? `${dc}\n${end.comment}` : end.comment;
        }
        doc.range[2] = end.offset;
        break;
      }
      default:
        unsupported(`a ${token.type} token in the YAML stream`);
    }
  }

  end(): void {
    if (this.doc) {
      this.decorate(this.doc, true);
      this.documents.push(this.doc);
      this.doc = null;
    }
  }

  private decorate(doc: Document.Parsed, afterDoc: boolean): void {
    decorate(doc, this.prelude, afterDoc);
    this.prelude = [];
  }

  private composeDoc(token: DocumentToken): Document.Parsed {
    const doc = this.newDocuments.next();
    if (doc.schema !== this.resolverSchema) {
      this.schema = doc.schema;
      this.scalars = new ScalarResolver(doc.schema, doc.options);
      this.resolverSchema = doc.schema;
    }
    const { start, value, offset, end } = token;
    const props = resolveProps(start, { indicator: 'doc-start', offset, startOnNewline: true });
    if (props.found) {
      doc.directives.docStart = true;
    }
    if (value && value.type !== 'block-map' && value.type !== 'block-seq') {
      unsupported('a document whose content is a scalar or a flow collection');
    }
    if (value && props.found && !props.hasNewline) {
      unsupported('a block collection on the line of its document start marker');
    }
    const contents = value ? this.composeNode(value, props) : this.composeEmptyNode(props.end, start, props);
    doc.contents = contents as never;
    const contentEnd = endOf(contents) as number;
    const re = resolveEnd(end, contentEnd, false);
    if (re.comment) {
      doc.comment = re.comment;
    }
    doc.range = [offset, contentEnd, re.offset];
    return doc;
  }

  private composeNode(token: CstNode, props: Props): ParsedNode {
    let node: ParsedNode;
    switch (token.type) {
      case 'block-map':
        node = this.blockMap(token) as ParsedNode;
        break;
      case 'block-seq':
        node = this.blockSeq(token) as ParsedNode;
        break;
      case 'flow-collection':
        node = this.flowCollection(token) as ParsedNode;
        break;
      case 'block-scalar':
        node = composeBlockScalar(token) as ParsedNode;
        break;
      default:
        node = this.scalar(token) as ParsedNode;
    }
    if (props.spaceBefore) {
      node.spaceBefore = true;
    }
    if (props.comment) {
      if (token.type === 'scalar' && token.source === '') {
        node.comment = props.comment;
      } else {
        node.commentBefore = props.comment;
      }
    }
    return node;
  }

  private composeEmptyNode(offset: number, before: readonly SourceToken[] | undefined, props: Props): Scalar {
    const token: FlowScalarToken = { type: 'scalar', offset: emptyScalarPosition(offset, before), indent: -1, source: '' };
    const node = this.scalar(token);
    if (props.spaceBefore) {
      node.spaceBefore = true;
    }
    if (props.comment) {
      node.comment = props.comment;
      (node as unknown as RangeFields).rangeEnd = props.end;
    }
    return node;
  }

  private scalar(token: FlowScalarToken): Scalar {
    const valueEnd = token.offset + token.source.length;
    const re = resolveEnd(token.end, valueEnd, true);
    const scalar = this.scalars.compose(token, token.offset, valueEnd, re.offset);
    if (re.comment) {
      scalar.comment = re.comment;
    }
    return scalar;
  }

  private blockMap(bm: BlockMapToken): YAMLMap {
    const map = new FastMap(this.schema);
    let offset = bm.offset;
    let commentEnd: number | null = null;
    for (const { start, key, sep, value } of bm.items) {
      const keyProps = resolveProps(start, { indicator: 'explicit-key-ind', offset, startOnNewline: true });
      if (keyProps.found) {
        unsupported('an explicit key');
      }
      if (key) {
        if (key.type === 'block-seq') {
          unsupported('a block sequence as a key');
        } else if (key.indent !== bm.indent) {
          unsupported('map items that do not start at the same column');
        }
      }
      if (!sep) {
        commentEnd = keyProps.end;
        if (keyProps.comment) {
          map.comment = map.comment ? `${map.comment}\n${keyProps.comment}` : keyProps.comment;
        }
        continue;
      }
      if (containsNewline(key)) {
        unsupported('a multi-line implicit key');
      }
      const keyStart = keyProps.end;
      const keyNode = key ? this.composeNode(key, keyProps) : this.composeEmptyNode(keyStart, start, keyProps);
      const valueProps = resolveProps(sep, { indicator: 'map-value-ind', offset: endOf(keyNode) as number, startOnNewline: !key });
      offset = valueProps.end;
      if (!valueProps.found) {
        unsupported('an implicit key without a value indicator');
      }
      if (value?.type === 'block-map' && !valueProps.hasNewline) {
        unsupported('a nested mapping on the line of its key');
      }
      if (keyProps.end < (valueProps.found).offset - 1024) {
        unsupported('an implicit key longer than 1024 characters');
      }
      const valueNode = value ? this.composeNode(value, valueProps) : this.composeEmptyNode(offset, sep, valueProps);
      offset = endOf(valueNode) as number;
      map.items.push(new FastPair(keyNode, valueNode));
    }
    if (commentEnd && commentEnd < offset) {
      unsupported('a map comment with trailing content');
    }
    setRange(map, bm.offset, offset, commentEnd ?? offset);
    return map;
  }

  private blockSeq(bs: BlockSeqToken): YAMLSeq {
    const seq = new FastSeq(this.schema);
    let offset = bs.offset;
    let commentEnd: number | null = null;
    for (const { start, value } of bs.items) {
      const props = resolveProps(start, { indicator: 'seq-item-ind', offset, startOnNewline: true });
      if (!props.found) {
        if (value) {
          unsupported('a sequence item without -');
        }
        commentEnd = props.end;
        if (props.comment) {
          seq.comment = props.comment;
        }
        continue;
      }
      const node = value ? this.composeNode(value, props) : this.composeEmptyNode(props.end, start, props);
      offset = endOf(node) as number;
      seq.items.push(node);
    }
    setRange(seq, bs.offset, offset, commentEnd ?? offset);
    return seq;
  }

  private flowCollection(fc: FlowCollectionToken): YAMLMap | YAMLSeq {
    const isMap = fc.start.source === '{';
    const fcName = isMap ? 'flow map' : 'flow sequence';
    const coll = isMap ? new FastMap(this.schema) : new FastSeq(this.schema);
    coll.flow = true;
    let offset = fc.offset + fc.start.source.length;
    for (let i = 0; i < fc.items.length; ++i) {
      const { start, key, sep, value } = fc.items[i] as CollectionItem;
      const props = resolveProps(start, { flow: fcName, indicator: 'explicit-key-ind', offset, startOnNewline: false });
      if (props.found) {
        unsupported('an explicit key in a flow collection');
      }
      if (!sep && !value) {
        unsupported('an empty flow collection item');
      }
      if ((i === 0) === (props.comma !== null) || props.comment) {
        unsupported('misplaced commas or comments in a flow collection');
      }
      if (!isMap && !sep) {
        const valueNode = value ? this.composeNode(value, props) : this.composeEmptyNode(props.end, sep, props);
        (coll as YAMLSeq).items.push(valueNode);
        offset = endOf(valueNode) as number;
        continue;
      }
      if (!isMap || !key || !value) {
        unsupported('a flow pair that is not `key: value` in a flow map');
      }
      const keyNode = this.composeNode(key, props);
      const valueProps = resolveProps(sep ?? [], { flow: fcName, indicator: 'map-value-ind', offset: endOf(keyNode) as number, startOnNewline: false });
      if (!valueProps.found) {
        unsupported('a flow map entry without :');
      }
      const valueNode = this.composeNode(value, valueProps);
      (coll as YAMLMap).items.push(new FastPair(keyNode, valueNode));
      offset = endOf(valueNode) as number;
    }
    const expectedEnd = isMap ? '}' : ']';
    const [ce, ...ee] = fc.end;
    if (ce?.source !== expectedEnd) {
      unsupported(`a ${fcName} without its closing ${expectedEnd}`);
    }
    const cePos = ce.offset + ce.source.length;
    if (ee.length > 0) {
      const end = resolveEnd(ee, cePos, true);
      if (end.comment) {
        coll.comment = coll.comment ? `${coll.comment}\n${end.comment}` : end.comment;
      }
      setRange(coll, fc.offset, cePos, end.offset);
    } else {
      setRange(coll, fc.offset, cePos, cePos);
    }
    return coll;
  }
}

/**
 * Composer.decorate: the comments of the stream before a document (`prelude`: the sources of its
 * comment and line-break tokens) go to the document or its first node; after it, to its comment.
 */
export function decorate(doc: Document.Parsed, prelude: readonly string[], afterDoc: boolean): void {
  const { comment, afterEmptyLine } = parsePrelude(prelude);
  if (!comment) {
    return;
  }
  const dc = doc.contents;
  if (afterDoc) {
    doc.comment = doc.comment ? `${doc.comment}\n${comment}` : comment;
  } else if (afterEmptyLine || doc.directives.docStart || !dc) {
    doc.commentBefore = comment;
  } else if (isCollection(dc) && !dc.flow && dc.items.length > 0) {
    let it = dc.items[0] as unknown;
    if (isPair(it)) {
      it = it.key;
    }
    const node = it as { commentBefore?: string | null };
    const cb = node.commentBefore;
    node.commentBefore = cb ? `${comment}\n${cb}` : comment;
  } else {
    const cb = dc.commentBefore;
    dc.commentBefore = cb ? `${comment}\n${cb}` : comment;
  }
}

function parsePrelude(prelude: readonly string[]): { comment: string; afterEmptyLine: boolean } {
  let comment = '';
  let atComment = false;
  let afterEmptyLine = false;
  for (const source of prelude) {
    if (source[0] === '#') {
      comment += (comment === '' ? '' : afterEmptyLine ? '\n\n' : '\n') + (source.substring(1) || ' ');
      atComment = true;
      afterEmptyLine = false;
    } else {
      if (!atComment) {
        afterEmptyLine = true;
      }
      atComment = false;
    }
  }
  return { comment, afterEmptyLine };
}
