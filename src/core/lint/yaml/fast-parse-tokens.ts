/**
 * Token and CST shapes of the fast YAML path. They mirror the `yaml` package's CST (same field
 * names, same offsets), so the composer can follow the package's own rules step by step.
 */

export type TokenType =
  | 'doc-mode'
  | 'doc-start'
  | 'doc-end'
  | 'space'
  | 'newline'
  | 'comment'
  | 'seq-item-ind'
  | 'map-value-ind'
  | 'comma'
  | 'flow-seq-start'
  | 'flow-seq-end'
  | 'flow-map-start'
  | 'flow-map-end'
  | 'scalar'
  | 'single-quoted-scalar'
  | 'double-quoted-scalar'
  | 'block-scalar-header';

/**
 * The lexer's token types as small integers (what it hands the builders, with a range of the text);
 * `tokenTypes[kind]` is the package's name for each.
 */
export enum TokenKind {
  DocMode,
  DocStart,
  DocEnd,
  Space,
  Newline,
  Comment,
  SeqItemInd,
  MapValueInd,
  Comma,
  FlowSeqStart,
  FlowSeqEnd,
  FlowMapStart,
  FlowMapEnd,
  Scalar,
  SingleQuotedScalar,
  DoubleQuotedScalar,
  BlockScalarHeader,
}

export const tokenTypes: readonly TokenType[] = [
  'doc-mode',
  'doc-start',
  'doc-end',
  'space',
  'newline',
  'comment',
  'seq-item-ind',
  'map-value-ind',
  'comma',
  'flow-seq-start',
  'flow-seq-end',
  'flow-map-start',
  'flow-map-end',
  'scalar',
  'single-quoted-scalar',
  'double-quoted-scalar',
  'block-scalar-header',
];

export interface SourceToken {
  type: TokenType;
  offset: number;
  indent: number;
  source: string;
}

export type FlowScalarType = 'scalar' | 'single-quoted-scalar' | 'double-quoted-scalar';

export interface FlowScalarToken {
  type: FlowScalarType;
  offset: number;
  indent: number;
  source: string;
  end?: SourceToken[];
}

export interface CollectionItem {
  start: SourceToken[];
  key?: CstNode | null;
  sep?: SourceToken[];
  value?: CstNode;
}

export interface BlockMapToken {
  type: 'block-map';
  offset: number;
  indent: number;
  items: CollectionItem[];
}

export interface BlockSeqToken {
  type: 'block-seq';
  offset: number;
  indent: number;
  items: CollectionItem[];
}

export interface FlowCollectionToken {
  type: 'flow-collection';
  offset: number;
  indent: number;
  start: SourceToken;
  items: CollectionItem[];
  end: SourceToken[];
}

export interface BlockScalarToken {
  type: 'block-scalar';
  offset: number;
  indent: number;
  /** The header, then spaces, a comment and the line break after it. */
  props: SourceToken[];
  source: string;
}

export type CstNode = FlowScalarToken | BlockScalarToken | BlockMapToken | BlockSeqToken | FlowCollectionToken;

export interface DocumentToken {
  type: 'document';
  offset: number;
  start: SourceToken[];
  value?: CstNode;
  end?: SourceToken[];
}

export interface DocEndToken {
  type: 'doc-end';
  offset: number;
  source: string;
  end?: SourceToken[];
}

/** What the parser hands to the composer, in order. */
export type StreamToken = DocumentToken | DocEndToken | SourceToken;

/** Thrown inside the fast path when the input leaves the supported subset; caught at its entry. */
export class Unsupported extends Error {}

export function unsupported(why: string): never {
  throw new Unsupported(why);
}

export function isFlowScalar(token: { type: string } | null | undefined): token is FlowScalarToken {
  const t = token?.type;
  return t === 'scalar' || t === 'single-quoted-scalar' || t === 'double-quoted-scalar';
}
