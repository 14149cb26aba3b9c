import { strict as assert } from 'node:assert';
import { Composer, Document, isCollection, isDocument, isMap, isNode, isPair, isScalar, isSeq, Pair, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { fastSchema, FastMap, FastPair, FastScalar, FastSeq, FastDocumentMaker, setRange, type StreamDirectives } from '../../../../src/core/lint/yaml/fast-nodes';
import { endOf, startOf, valueEndOf } from '../../../../src/core/schemas/node-range';
import { parseYaml } from '../../../../src/core/lint/yaml/parse';

describe('fast-path node constructors', () => {
  it('build nodes the package recognises as its own: type guards, instanceof, prototype, own enumerable keys', () => {
    const scalar = new FastScalar('v');
    const key = new FastScalar('k');
    const pair = new FastPair(key, scalar);
    const map = new FastMap<Scalar, Scalar>();
    const seq = new FastSeq<Scalar>();
    map.items.push(pair);
    seq.items.push(new FastScalar(1));
    assert.ok(isScalar(scalar) && isNode(scalar) && !isPair(scalar) && !isMap(scalar));
    assert.ok(isPair(pair) && !isNode(pair) && !isScalar(pair));
    assert.ok(isMap(map) && isCollection(map) && !isSeq(map));
    assert.ok(isSeq(seq) && isCollection(seq) && !isMap(seq));
    const instances: [object, unknown][] = [[scalar, Scalar], [pair, Pair], [map, YAMLMap], [seq, YAMLSeq]];
    for (const [node, ctor] of instances) {
      assert.ok(node instanceof (ctor as new () => object));
    }
    // Besides the package's keys, a fast node has the three fields its range is kept in.
    const same = (a: object, b: object, ranged: boolean) => {
      assert.equal(Object.getPrototypeOf(a), Object.getPrototypeOf(b));
      assert.deepEqual(Object.keys(a), ranged ? [...Object.keys(b), 'rangeStart', 'rangeValueEnd', 'rangeEnd'] : Object.keys(b));
    };
    same(scalar, new Scalar('v'), true);
    same(pair, new Pair(key, scalar), false);
    same(map, new YAMLMap(), true);
    same(seq, new YAMLSeq(), true);
    assert.equal(Object.getOwnPropertyDescriptor(map, 'schema')?.enumerable, false, 'schema stays a non-enumerable own property');
  });

  it('keep a range in fields that read, and assign, as the package’s range property', () => {
    const scalar = new FastScalar('v');
    setRange(scalar, 3, 4, 6);
    assert.deepEqual(scalar.range, [3, 4, 6]);
    assert.equal(Object.keys(scalar).includes('range'), false);
    assert.deepEqual([startOf(scalar), valueEndOf(scalar), endOf(scalar)], [3, 4, 6]);
    scalar.range = [0, 1, 2];
    assert.deepEqual(Object.getOwnPropertyDescriptor(scalar, 'range'), { value: [0, 1, 2], writable: true, enumerable: true, configurable: true });
    assert.deepEqual(scalar.range, [0, 1, 2]);
    const own = new Scalar('v');
    assert.equal(own.range, undefined, 'a package node without a range still has none');
    assert.equal(startOf(own), undefined);
    const parsed = parseDocument('a: b # c\n').contents as YAMLMap<Scalar, Scalar>;
    const value = parsed.items[0]?.value as Scalar;
    assert.deepEqual(Object.keys(value).slice(0, 2), ['value', 'range'], 'the package’s composer still makes its own range array');
    assert.deepEqual([startOf(value), valueEndOf(value), endOf(value)], value.range);
  });

  it('leave the package’s own nodes and type guards as they were', () => {
    const doc = parseDocument('a: [1, "two"]\n');
    const root = doc.contents;
    assert.ok(isMap(root));
    const pair = root.items[0];
    assert.ok(isPair(pair) && isScalar(pair.key) && isSeq(pair.value));
    assert.ok(!isScalar({ value: 1 }) && !isPair({ key: 1, value: 2 }) && !isMap({ items: [] }));
    assert.ok(!isScalar(Object.create(null)) && !isNode(undefined));
  });

  it('make documents the package can still serialise and convert', () => {
    const file = parseYaml('apiVersion: v1\nkind: ConfigMap\ndata:\n  a: "1"\n  b: [x, y]\n');
    const doc = file.documents[0]?.doc as Document;
    assert.deepEqual(Object.getOwnPropertySymbols(doc.contents), [], 'built by the fast path (the type mark is inherited)');
    assert.deepEqual(doc.toJS(), { apiVersion: 'v1', kind: 'ConfigMap', data: { a: '1', b: ['x', 'y'] } });
    assert.equal(doc.toString(), 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: "1"\n  b: [ x, y ]\n');
    doc.setIn(['data', 'c'], 'z');
    assert.equal(doc.getIn(['data', 'c']), 'z');
  });

  it('share one schema between fast documents and their collections, as each package document shares its own', () => {
    const file = parseYaml('a:\n  b: [1]\n  c:\n  - d: e\n---\nf: g\n');
    const [first, second] = file.documents.map((d) => d.doc);
    assert.ok(first && second);
    assert.equal(first.schema, fastSchema);
    assert.equal(second.schema, fastSchema);
    const root = first.contents as YAMLMap<Scalar, YAMLMap<Scalar, unknown>>;
    const inner = root.items[0]?.value as YAMLMap<Scalar, unknown>;
    const flow = inner.items[0]?.value as YAMLSeq;
    const seq = inner.items[1]?.value as YAMLSeq<YAMLMap>;
    for (const node of [root, inner, flow, seq, seq.items[0] as YAMLMap]) {
      assert.equal((node as { schema?: unknown }).schema, fastSchema);
      assert.equal(Object.keys(node).includes('schema'), false);
    }
    assert.equal(isDocument(first), true);
    assert.deepEqual(Object.getOwnPropertySymbols(first), [], 'built by the fast path (the type mark is inherited)');
  });

  it('let the package change a fast collection’s schema and build below it as it does on its own nodes', () => {
    const doc = parseYaml('data:\n  a: "1"\n').documents[0]?.doc as Document;
    const data = doc.get('data') as YAMLMap;
    const other = new Document().schema;
    const copy = data.clone(other);
    assert.equal(copy.schema, other);
    assert.equal(Object.getOwnPropertyDescriptor(copy, 'schema')?.enumerable, false);
    // The package's clone assigns the copy a range of its own (an own property, as on its nodes).
    assert.deepEqual(Object.keys(copy), [...Object.keys(data), 'range']);
    assert.deepEqual(copy.range, data.range);
    assert.equal(data.schema, fastSchema, 'the original keeps the shared schema');
    assert.equal(data.clone().schema, fastSchema);
    doc.setIn(['data', 'b', 'c'], 'deep');
    assert.equal(doc.getIn(['data', 'b', 'c']), 'deep');
    assert.ok(isMap(doc.getIn(['data', 'b'])));
  });

  it('make documents as the package’s constructor does, and leave it the documents whose schema may differ', () => {
    const stream = () => new Composer().streamInfo().directives as StreamDirectives;
    const options = { prettyErrors: false, uniqueKeys: false, strict: true };
    const fast = new FastDocumentMaker(stream(), options).next();
    const expected = new Document(undefined, { _directives: stream(), ...options } as never);
    assert.equal(Object.getPrototypeOf(fast), Document.prototype);
    assert.deepEqual(Object.keys(fast), Object.keys(expected));
    assert.deepEqual(fast.options, expected.options);
    assert.deepEqual(fast.directives, expected.directives);
    assert.deepEqual({ ...fast.schema }, { ...expected.schema });
    assert.equal(fast.schema, fastSchema);
    const maker = new FastDocumentMaker(stream(), options);
    const [one, two] = [maker.next(), maker.next()];
    assert.notEqual(one.options, two.options, 'each document has its own options, as the package gives it');
    assert.notEqual(one.directives, two.directives);
    assert.deepEqual(one.options, two.options);
    const explicit11 = (): StreamDirectives => {
      const directives = stream();
      directives.yaml = { explicit: true, version: '1.1' };
      return directives;
    };
    const variants: [() => StreamDirectives, Record<string, unknown>][] = [
      [explicit11, options],
      [() => new Composer({ version: '1.1' }).streamInfo().directives, options],
      [stream, { ...options, customTags: ['binary'] }],
      [stream, { ...options, schema: 'json' }],
    ];
    for (const [directives, variant] of variants) {
      const made = new FastDocumentMaker(directives(), variant).next();
      const package_ = new Document(undefined, { _directives: directives(), ...variant } as never);
      assert.equal(made.schema.name, package_.schema.name);
      assert.deepEqual(made.schema.tags, package_.schema.tags);
      assert.deepEqual(made.directives, package_.directives);
    }
    assert.notEqual(new FastDocumentMaker(explicit11(), options).next().schema, fastSchema);
    assert.notEqual(new FastDocumentMaker(stream(), { ...options, customTags: ['binary'] }).next().schema, fastSchema);
  });
});
