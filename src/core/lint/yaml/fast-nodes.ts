import type { Schema } from 'yaml';
import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { unsupported } from './fast-parse-tokens';

/*
 * The yaml package's node constructors mark each node with a non-enumerable own symbol property
 * through Object.defineProperty, which V8 does not optimise: about a third of the fast path's building
 * time. The same mark, put once on the class's prototype, is inherited: isScalar, isPair, isMap, isSeq
 * and instanceof hold, the prototype is the class's own, and the node's own enumerable properties are
 * the ones the package's constructor sets. When the package's nodes are not shaped as expected (one
 * own symbol), the package's own constructors are used.
 */
function markPrototype(proto: object, sample: object): boolean {
  const keys = Object.getOwnPropertySymbols(sample);
  if (keys.length !== 1) {
    return false;
  }
  const key = keys[0] as symbol;
  if (!Object.prototype.hasOwnProperty.call(proto, key)) {
    Object.defineProperty(proto, key, { value: (sample as Record<symbol, unknown>)[key] });
  }
  return true;
}

type ScalarCtor = new <T>(value: T) => Scalar<T>;
type PairCtor = new <K, V>(key: K, value: V) => Pair<K, V>;
type MapCtor = new <K, V>(schema?: Schema) => YAMLMap<K, V>;
type SeqCtor = new <T>(schema?: Schema) => YAMLSeq<T>;

/** The three fields a fast node keeps its range in, instead of the package's `range` array. */
export interface RangeFields {
  rangeStart: number;
  rangeValueEnd: number;
  rangeEnd: number;
}

/** Sets a fast-path node's range (`[start, valueEnd, end]` in the package's terms). */
export function setRange(node: object, start: number, valueEnd: number, end: number): void {
  if (!rangesInFields) {
    unsupported('a yaml package whose nodes define range on their prototype');
  }
  const n = node as RangeFields;
  n.rangeStart = start;
  n.rangeValueEnd = valueEnd;
  n.rangeEnd = end;
}

/*
 * The package keeps each node's range in an array of its own: two objects more per node, which for a
 * CLI run that keeps every file's tree for the cross-file pass were 47 of the trees' 111 MB, copied by
 * each young-generation collection. Fast nodes keep the three numbers in fields; `range` on the
 * prototype reads them as an array (a new one each time) and, when assigned (the package's composer,
 * clone), makes the own property the package's nodes have, so both kinds read and write as before.
 */
function rangeFromFields(proto: object): boolean {
  if (Object.prototype.hasOwnProperty.call(proto, 'range')) {
    return false;
  }
  Object.defineProperty(proto, 'range', {
    configurable: true,
    enumerable: false,
    get(this: Partial<RangeFields>) {
      return this.rangeEnd === undefined ? undefined : [this.rangeStart, this.rangeValueEnd, this.rangeEnd];
    },
    set(this: object, range: unknown) {
      Object.defineProperty(this, 'range', { value: range, configurable: true, enumerable: true, writable: true });
    },
  });
  return true;
}

/** False when a package prototype already defines `range`: then the fast path declines every text. */
const rangesInFields = [Scalar.prototype, YAMLMap.prototype, YAMLSeq.prototype].map(rangeFromFields).every(Boolean);

function PlainScalar(this: { value: unknown } & RangeFields, value: unknown): void {
  this.value = value;
  this.rangeStart = 0;
  this.rangeValueEnd = 0;
  this.rangeEnd = 0;
}

/** PlainScalar with everything the fast path sets on a flow scalar, in the same order: one shape for all of them. */
function PlainFlowScalar(this: { value: unknown; source: string; type: Scalar.Type } & RangeFields, value: unknown, start: number, valueEnd: number, end: number, source: string, type: Scalar.Type): void {
  this.value = value;
  this.rangeStart = start;
  this.rangeValueEnd = valueEnd;
  this.rangeEnd = end;
  this.source = source;
  this.type = type;
}

function PlainPair(this: { key: unknown; value: unknown }, key: unknown, value: unknown): void {
  this.key = key;
  this.value = value;
}

/** The package's collections keep their schema in a non-enumerable own property. */
function setOwnSchema(node: object, schema: unknown): void {
  Object.defineProperty(node, 'schema', { value: schema, configurable: true, enumerable: false, writable: true });
}

/** A document with the package's default options, and so the schema they give. */
const defaultDocument = new Document();

/**
 * The schema of every document the fast path builds (see FastDocumentMaker): the one the package makes
 * for its default options, which the fast path's options leave as they are.
 */
export const fastSchema: Schema = defaultDocument.schema;

/**
 * Setting a collection's own `schema` costs an Object.defineProperty per node too, and in the fast
 * path it is always `fastSchema`: there the collections inherit it from their class's prototype, where
 * reading gives `fastSchema` and assigning (as Collection.clone does) makes the own non-enumerable
 * property the package's constructor would. The package's own collections always have the own property.
 */
function inheritSchema(proto: object): boolean {
  if (Object.prototype.hasOwnProperty.call(proto, 'schema')) {
    return false;
  }
  Object.defineProperty(proto, 'schema', {
    configurable: true,
    enumerable: false,
    get: () => fastSchema,
    set(this: object, schema: unknown) {
      setOwnSchema(this, schema);
    },
  });
  return true;
}

const schemaInherited = inheritSchema(YAMLMap.prototype) && inheritSchema(YAMLSeq.prototype);

/** What the package's Collection and YAMLMap constructors set, the node-type mark aside. */
function PlainMap(this: { items: unknown[] } & RangeFields, schema: Schema | undefined): void {
  if (schema !== fastSchema || !schemaInherited) {
    setOwnSchema(this, schema);
  }
  this.items = [];
  this.rangeStart = 0;
  this.rangeValueEnd = 0;
  this.rangeEnd = 0;
}

/** What the package's Collection and YAMLSeq constructors set, the node-type mark aside. */
function PlainSeq(this: { items: unknown[] } & RangeFields, schema: Schema | undefined): void {
  if (schema !== fastSchema || !schemaInherited) {
    setOwnSchema(this, schema);
  }
  this.items = [];
  this.rangeStart = 0;
  this.rangeValueEnd = 0;
  this.rangeEnd = 0;
}

/** `plainCtor` building instances of `ctor` when its prototype could be marked, else `ctor` itself. */
function withPrototypeOf<C extends { prototype: object }>(ctor: C, plainCtor: { prototype: unknown }, sample: object): C {
  if (!markPrototype(ctor.prototype, sample)) {
    return ctor;
  }
  plainCtor.prototype = ctor.prototype;
  return plainCtor as unknown as C;
}

export const FastScalar = withPrototypeOf(Scalar, PlainScalar, new Scalar(null)) as unknown as ScalarCtor;
export const FastPair = withPrototypeOf(Pair, PlainPair, new Pair(null)) as unknown as PairCtor;
export const FastMap = withPrototypeOf(YAMLMap, PlainMap, new YAMLMap()) as unknown as MapCtor;
export const FastSeq = withPrototypeOf(YAMLSeq, PlainSeq, new YAMLSeq()) as unknown as SeqCtor;

(PlainFlowScalar as { prototype: unknown }).prototype = (PlainScalar as { prototype: unknown }).prototype;

/**
 * A scalar with its range (see setRange), `source` and `type` set, as the fast path builds one-line
 * scalars. Set in one constructor, they make no property-adding stores after it: those went through
 * V8's generic store handler, about 1 % of the instructions of a CLI run on the bench corpus.
 */
export function flowScalar(value: unknown, start: number, valueEnd: number, end: number, source: string, type: Scalar.Type): Scalar {
  if ((FastScalar as unknown) === PlainScalar && rangesInFields) {
    return new (PlainFlowScalar as unknown as new (...args: unknown[]) => Scalar)(value, start, valueEnd, end, source, type);
  }
  const scalar = new FastScalar(value);
  setRange(scalar, start, valueEnd, end);
  scalar.source = source;
  scalar.type = type;
  return scalar;
}

/** The stream-level directives a Composer hands each new document (the package's Directives class). */
export interface StreamDirectives {
  yaml: { explicit?: boolean; version: string };
  atDocument(): unknown;
}

/** What the package's Document constructor sets for a document without a value, the node-type mark aside. */
function PlainDocument(this: Record<string, unknown>, options: Record<string, unknown>, directives: unknown): void {
  this.commentBefore = null;
  this.comment = null;
  this.errors = [];
  this.warnings = [];
  this.options = options;
  this.directives = directives;
  this.schema = fastSchema;
  this.contents = null;
}
PlainDocument.prototype = Document.prototype;

const plainDocuments = markPrototype(Document.prototype, defaultDocument);
const defaultVersion = (defaultDocument.options as { version?: string }).version;
/** The package's document options (with their defaults) that leave a document's schema as `fastSchema`. */
const optionsKeepingSchema = new Set([...Object.keys(defaultDocument.options).filter((k) => k !== 'version'), '_directives']);

/**
 * `new Document(undefined, { _directives: stream, ...options })` for each document of a stream, as the
 * package's Composer starts them, without a new Schema per document: the package would make one equal
 * to `fastSchema`, so the documents share it. (The package adds to a document's schema only for a tag
 * named explicitly, like `!!binary`, which the fast path declines; nothing here changes one.) Other
 * options or directives, which may change the schema, get the package's constructor.
 */
export class FastDocumentMaker {
  /** The options of each new document (copied for each, as the package makes them); undefined when the package's constructor is used. */
  private readonly options: Record<string, unknown> | undefined;

  constructor(
    private readonly stream: StreamDirectives,
    private readonly given: Record<string, unknown>,
  ) {
    const plain = plainDocuments && Object.keys(given).every((k) => optionsKeepingSchema.has(k));
    this.options = plain ? Object.assign({}, defaultDocument.options, { _directives: stream }, given) : undefined;
  }

  next(): Document.Parsed {
    const { stream, options } = this;
    if (options === undefined || stream.yaml.explicit === true || stream.yaml.version !== defaultVersion) {
      return new Document(undefined, { _directives: stream, ...this.given } as never) as unknown as Document.Parsed;
    }
    return new (PlainDocument as unknown as new (options: object, directives: unknown) => Document.Parsed)({ ...options }, stream.atDocument());
  }
}
