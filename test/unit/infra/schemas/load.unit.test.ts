import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { jsonTextOf, loadSchemaStore } from '../../../../src/infra/schemas/load';

const repository = path.resolve(__dirname, '../../../..');

describe('bundled schema loading', () => {
  it('parses any JSON to the same value as its UTF-8 text, through a one-byte string', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'grapheme' }), (value, text) => {
        const json = JSON.stringify({ value, text, quotes: '“typographic” — ∈ ≤ 😀 é' });
        const bytes = Buffer.from(json, 'utf8');
        const ascii = jsonTextOf(bytes);
        assert.ok([...ascii].every((c) => c.charCodeAt(0) < 0x80), 'ASCII only');
        assert.deepEqual(JSON.parse(ascii), JSON.parse(bytes.toString('utf8')));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps characters whole where a run of non-ASCII bytes crosses a 64 KB block border', () => {
    for (let shift = 0; shift < 12; shift++) {
      const value = { padding: 'x'.repeat(64 * 1024 - 20 + shift), text: 'ab“é😀—∈ cd', more: ['ö'.repeat(70 * 1024)] };
      const bytes = Buffer.from(JSON.stringify(value), 'utf8');
      assert.deepEqual(JSON.parse(jsonTextOf(bytes)), value, `shift ${shift}`);
    }
  });

  it('reads the bundled files to the same values as a UTF-8 decode', async () => {
    for (const file of ['kubernetes.json', 'compose.json']) {
      const bytes = fs.readFileSync(path.join(repository, 'schemas', file));
      assert.deepEqual(JSON.parse(jsonTextOf(bytes)), JSON.parse(bytes.toString('utf8')), file);
    }
    const store = await loadSchemaStore(repository);
    assert.ok(store.find('1.34', 'v1', 'Pod'));
  });

  it('gives ASCII JSON as it is', () => {
    const json = JSON.stringify({ a: [1, 'two', { three: null }], escaped: 'quote " and \\u2014' });
    assert.equal(jsonTextOf(Buffer.from(json, 'utf8')), json);
  });

  it('rejects a file that is not JSON as before', () => {
    assert.throws(() => JSON.parse(jsonTextOf(Buffer.from('{"a": “x”}', 'utf8'))), SyntaxError);
    assert.throws(() => JSON.parse(jsonTextOf(Buffer.from('\ufeff{}', 'utf8'))), SyntaxError);
  });
});
