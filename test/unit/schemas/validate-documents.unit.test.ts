import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml } from '../../../src/core/lint/yaml/parse';
import { validateDocuments, validateText } from '../../../src/core/schemas/validate';
import { bundledStore } from '../../fixtures/schemas/instances';

const fixtures = join(process.cwd(), 'test', 'fixtures', 'schemas');

describe('validateDocuments (schema validation over documents the linter already parsed)', () => {
  for (const name of ['multi-doc.yaml', 'flow.yaml', 'anchors.yaml', 'pytorchjob.yaml']) {
    it(`gives the same findings as validateText on ${name}`, () => {
      const text = readFileSync(join(fixtures, name), 'utf8');
      const expected = validateText(text, name, bundledStore(), '1.34');
      assert.ok(expected.length > 0, 'the fixture has schema findings');
      assert.deepEqual(validateDocuments(parseYaml(text).documents, bundledStore(), '1.34'), expected);
    });
  }

  it('skips documents with syntax errors', () => {
    const text = 'apiVersion: v1\nkind: Pod\nspec: [\n';
    assert.deepEqual(validateDocuments(parseYaml(text).documents, bundledStore(), '1.34'), []);
  });
});
