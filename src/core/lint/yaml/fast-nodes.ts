import type { Schema } from 'yaml';
import { Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

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

function PlainScalar(this: { value: unknown }, value: unknown): void {
  this.value = value;
}

function PlainPair(this: { key: unknown; value: unknown }, key: unknown, value: unknown): void {
  this.key = key;
  this.value = value;
}

/** What the package's Collection and YAMLMap constructors set, the node-type mark aside. */
function PlainMap(this: { items: unknown[] }, schema: Schema | undefined): void {
  Object.defineProperty(this, 'schema', { value: schema, configurable: true, enumerable: false, writable: true });
  this.items = [];
}

/** What the package's Collection and YAMLSeq constructors set, the node-type mark aside. */
function PlainSeq(this: { items: unknown[] }, schema: Schema | undefined): void {
  Object.defineProperty(this, 'schema', { value: schema, configurable: true, enumerable: false, writable: true });
  this.items = [];
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
