import * as assert from 'node:assert/strict';
import { IncrementalValidator, splitDocuments } from '../../../src/core/schemas/incremental';
import { SchemaStore } from '../../../src/core/schemas/store';
import { validateText } from '../../../src/core/schemas/validate';
import { bundledStore } from '../../fixtures/schemas/instances';
import { fixture } from './support';

const store = bundledStore();

describe('incremental schema validation', () => {
  it('cuts a file at column-0 document markers only', () => {
    const text = 'a: 1\n---\nb: |\n  ---\n--- # c\nc: 2\n---x: 3\n';
    assert.deepEqual(splitDocuments(text), [[0, 'a: 1\n'], [5, '---\nb: |\n  ---\n'], [20, '--- # c\nc: 2\n---x: 3\n']]);
    assert.deepEqual(splitDocuments('%YAML 1.2\n---\na: 1\n---\nb: 2\n'), [[0, '%YAML 1.2\n---\na: 1\n---\nb: 2\n']]);
  });

  for (const name of ['multi-doc.yaml', 'anchors.yaml', 'flow.yaml', 'pytorchjob.yaml']) {
    it(`finds exactly what a full validation finds (${name})`, () => {
      const text = fixture(name);
      assert.deepEqual(new IncrementalValidator().validate(text, name, store, '1.34'), validateText(text, name, store, '1.34'));
    });
  }

  it('after an edit in one document, reports the new finding there and keeps the others at shifted offsets', () => {
    const validator = new IncrementalValidator();
    const text = fixture('multi-doc.yaml');
    validator.validate(text, 'm.yaml', store, '1.34');
    const edited = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: b}\nbogus: 1\n---\n${text}`;
    assert.deepEqual(validator.validate(edited, 'm.yaml', store, '1.34'), validateText(edited, 'm.yaml', store, '1.34'));
    assert.equal(validator.validate(edited, 'm.yaml', store, '1.34').filter((f) => f.path === 'bogus').length, 1);
  });

  it('keys its cache by schema version and file kind, and starts over with another schema store', () => {
    const validator = new IncrementalValidator();
    const deviceClass = 'apiVersion: resource.k8s.io/v1\nkind: DeviceClass\nmetadata: {name: gpu}\nspec: {}\n';
    assert.deepEqual(validator.validate(deviceClass, 'm.yaml', store, '1.34'), []);
    assert.deepEqual(validator.validate(deviceClass, 'm.yaml', store, '1.32').map((f) => f.code), ['api-version']);
    assert.deepEqual(validator.validate('services: {a: {image: x, portz: 1}}\n', 'compose.yaml', store, '1.34').map((f) => f.code), ['unknown-field']);
    assert.deepEqual(validator.validate('services: {a: {image: x, portz: 1}}\n', 'notes.yaml', store, '1.34'), []);
    const emptyStore = new SchemaStore({ kubernetes: [], crds: [], definitions: {} });
    assert.deepEqual(validator.validate(deviceClass, 'm.yaml', emptyStore, '1.32'), []);
  });

  it('forgets the least recently used documents beyond its capacity', () => {
    const validator = new IncrementalValidator(2);
    for (const n of [1, 2, 3]) {
      validator.validate(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${n}}\n`, 'm.yaml', store, '1.34');
    }
    assert.equal((validator as unknown as { cache: Map<string, unknown> }).cache.size, 2);
  });
});
