import { strict as assert } from 'node:assert';
import { Document, isCollection, isMap, isNode, isPair, isScalar, isSeq, Pair, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { FastMap, FastPair, FastScalar, FastSeq } from '../../../../src/core/lint/yaml/fast-nodes';
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
    const same = (a: object, b: object) => {
      assert.equal(Object.getPrototypeOf(a), Object.getPrototypeOf(b));
      assert.deepEqual(Object.keys(a), Object.keys(b));
    };
    same(scalar, new Scalar('v'));
    same(pair, new Pair(key, scalar));
    same(map, new YAMLMap());
    same(seq, new YAMLSeq());
    assert.equal(Object.getOwnPropertyDescriptor(map, 'schema')?.enumerable, false, 'schema stays a non-enumerable own property');
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
});
