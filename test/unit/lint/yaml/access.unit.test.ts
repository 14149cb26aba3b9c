import { strict as assert } from 'node:assert';
import { isAlias, isMap, isPair, isScalar, isSeq, visit } from 'yaml';
import { derivation, YamlView } from '../../../../src/core/lint/yaml/access';
import { parseYaml } from '../../../../src/core/lint/yaml/parse';

function viewOfText(text: string): YamlView {
  const file = parseYaml(text);
  const document = file.documents[0];
  assert.ok(document, 'one document');
  return new YamlView(file, document);
}

describe('YamlView', () => {
  it('finds pairs by plain, quoted, numeric, boolean and aliased keys, and the first of duplicates', () => {
    const view = viewOfText('a: 1\n"b c": 2\n3: three\ntrue: yes\n&k d: 4\n*k : 5\n');
    const root = view.root;
    assert.equal(view.text(root, 'a'), '1');
    assert.equal(view.text(root, 'b c'), '2');
    assert.equal(view.text(root, '3'), 'three');
    assert.equal(view.text(root, 'true'), 'yes');
    assert.equal(view.text(root, 'd'), '4');
    assert.equal(view.text(root, 'missing'), undefined);
    assert.equal(view.text(undefined, 'a'), undefined);
    const duplicated = viewOfText('a: first\na: second\n');
    assert.equal(duplicated.text(duplicated.root, 'a'), 'first');
  });

  it('looks keys up in big mappings through the key index', () => {
    const keys = Array.from({ length: 40 }, (_, k) => `k${k}: v${k}`);
    const view = viewOfText(`${keys.join('\n')}\n`);
    assert.equal(view.text(view.root, 'k0'), 'v0');
    assert.equal(view.text(view.root, 'k39'), 'v39');
    assert.equal(view.text(view.root, 'k40'), undefined);
  });

  it('lists sequence items with aliases followed', () => {
    const view = viewOfText('base: &b {x: 1}\nlist:\n  - *b\n  - two\n');
    const items = view.items(view.get(view.root, 'list'));
    assert.equal(items.length, 2);
    assert.equal(view.text(items[0], 'x'), '1');
    assert.equal(view.str(items[1]), 'two');
    assert.deepEqual(view.items(view.get(view.root, 'base')), []);
  });

  it('list gives the sequence\'s own items without a copy, and resolved items where an alias is', () => {
    const view = viewOfText('base: &b {x: 1}\nplain: [one, two]\nlinked:\n  - *b\n  - three\n');
    const plain = view.seq(view.get(view.root, 'plain'));
    assert.ok(plain);
    assert.equal(view.list(plain), plain.items);
    assert.notEqual(view.items(plain), plain.items);
    assert.deepEqual(view.items(plain), plain.items);
    const linked = view.list(view.get(view.root, 'linked'));
    assert.deepEqual(linked.map((n) => view.text(n, 'x') ?? view.str(n)), ['1', 'three']);
    assert.deepEqual(view.list(view.get(view.root, 'base')), []);
    assert.deepEqual(view.list(undefined), []);
  });

  it("tells node types apart as the yaml package's guards do, on fast-path and package-built trees", () => {
    const fast = parseYaml('a:\n  b: [1, "two", null]\n  e: {f: g}\nc:\n  - x\n  - y: 2\n');
    const built = parseYaml('base: &b {x: 1}\nlist:\n  - *b\n  - !!set {k}\n  - !!omap [{o: 1}]\n');
    // Fast-path nodes inherit the package's node-type mark; the package's own carry it as an own symbol.
    assert.equal(Object.getOwnPropertySymbols(fast.documents[0]?.doc.contents).length, 0);
    assert.equal(Object.getOwnPropertySymbols(built.documents[0]?.doc.contents).length, 1);
    let checked = 0;
    for (const [file, document] of [fast, built].flatMap((f) => f.documents.map((d) => [f, d] as const))) {
      const view = new YamlView(file, document);
      visit(document.doc, (_key, node) => {
        // Aliases are followed: the guards apply to the anchored node.
        const target = isAlias(node) ? document.anchors.get(node.source) : node;
        assert.equal(view.resolve(node) !== node, isAlias(node));
        assert.equal(view.map(node) !== undefined, isMap(target));
        assert.equal(view.seq(node) !== undefined, isSeq(target));
        assert.equal(view.scalar(node) !== undefined, isScalar(target));
        if (isPair(node)) {
          assert.deepEqual(view.range(node), view.range(node.key));
        }
        checked++;
      });
    }
    assert.ok(checked > 20, `${checked} nodes checked`);
  });

  it('derive computes a value once per view and key, and again in another view', () => {
    let calls = 0;
    const count = derivation((view, node: object) => {
      calls++;
      return view.items(node).length;
    });
    const text = 'list: [a, b, c]\nother: [d]\n';
    const view = viewOfText(text);
    const list = view.get(view.root, 'list');
    const other = view.get(view.root, 'other');
    assert.ok(list && other);
    assert.equal(view.derive(count, list), 3);
    assert.equal(view.derive(count, list), 3);
    assert.equal(view.derive(count, other), 1);
    assert.equal(calls, 2);
    const again = viewOfText(text);
    assert.equal(again.derive(count, again.get(again.root, 'list') as object), 3);
    assert.equal(calls, 3);
  });

  it('derive keeps many keys per slot (a pod with many containers)', () => {
    let calls = 0;
    const text = derivation((view, node: object) => {
      calls++;
      return view.str(node);
    });
    const view = viewOfText(`list: [${Array.from({ length: 30 }, (_, k) => `i${k}`).join(', ')}]\n`);
    const items = view.items(view.get(view.root, 'list'));
    for (const round of [1, 2]) {
      items.forEach((item, k) => assert.equal(view.derive(text, item), `i${k}`, `round ${round}`));
    }
    assert.equal(calls, 30);
  });

  it('derive remembers undefined keys and values like any other', () => {
    let calls = 0;
    const nothing = derivation((_view, _key: string | undefined): undefined => {
      calls++;
      return undefined;
    });
    const view = viewOfText('a: 1\n');
    assert.equal(view.derive(nothing, undefined), undefined);
    assert.equal(view.derive(nothing, undefined), undefined);
    assert.equal(view.derive(nothing, 'k'), undefined);
    assert.equal(view.derive(nothing, 'k'), undefined);
    assert.equal(calls, 2);
  });

  it('forgetDerived drops the memo, so values are computed again', () => {
    let calls = 0;
    const one = derivation(() => ++calls);
    const view = viewOfText('a: 1\n');
    assert.equal(view.derive(one, 'k'), 1);
    view.forgetDerived();
    assert.equal(view.derive(one, 'k'), 2);
    assert.equal(view.derive(one, 'k'), 2);
  });

  it('derive remembers undefined values too', () => {
    let calls = 0;
    const nothing = derivation((): undefined => {
      calls++;
      return undefined;
    });
    const view = viewOfText('a: 1\n');
    assert.equal(view.derive(nothing, 'key'), undefined);
    assert.equal(view.derive(nothing, 'key'), undefined);
    assert.equal(calls, 1);
  });
});
