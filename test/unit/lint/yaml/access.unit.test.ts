import { strict as assert } from 'node:assert';
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
