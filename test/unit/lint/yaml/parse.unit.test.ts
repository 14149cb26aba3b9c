import * as assert from 'node:assert/strict';
import { LineIndex, parseYaml } from '../../../../src/core/lint/yaml/parse';

describe('parseYaml: what it keeps of the text', () => {
  const texts = ['a: 1\nb:\n  - x\n', 'a: 1\r\nb: 2', '\n\n---\nk: v\n\n', '', 'a: &x 1\nb: *x\n', 'a: |\n  x\n'];

  it('lines: the text split on \\n (a \\r stays with its line), the same on every read', () => {
    for (const text of texts) {
      const file = parseYaml(text);
      assert.deepEqual(file.lines, text.split('\n'), JSON.stringify(text));
      assert.equal(file.lines, file.lines, 'split once');
    }
  });

  it('lineCounter: 1-based line and column of any offset, lines split on \\n only', () => {
    const text = 'ab\r\ncd\n\nef';
    const index = new LineIndex(text);
    assert.deepEqual([...index.lineStarts], [0, 4, 7, 8]);
    const expected = (offset: number) => {
      const before = text.slice(0, offset).split('\n');
      return { line: before.length, col: (before[before.length - 1] as string).length + 1 };
    };
    for (let offset = 0; offset <= text.length; offset++) {
      assert.deepEqual(index.linePos(offset), expected(offset), `offset ${offset}`);
    }
    assert.deepEqual([...new LineIndex('').lineStarts], [0]);
  });

  it('fast-path documents: no anchors and not skipped; the package path still measures aliases', () => {
    const fast = parseYaml('a:\n  b: [1, 2]\n---\nc: d\n');
    assert.deepEqual(
      fast.documents.map((d) => [d.anchors.size, d.skipped]),
      [
        [0, undefined],
        [0, undefined],
      ],
    );
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)].join('\n');
    const skipped = parseYaml(bomb).documents[0];
    assert.equal(skipped?.anchors.size, 10);
    assert.match(skipped?.skipped ?? '', /alias bomb/);
  });
});
