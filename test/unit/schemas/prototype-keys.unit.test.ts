import * as assert from 'node:assert/strict';
import { bundledStore } from '../../fixtures/schemas/instances';
import { hoverAt } from '../../../src/core/schemas/hover';
import { validateText } from '../../../src/core/schemas/validate';

const store = bundledStore();

// A key named like an Object.prototype member is no declared field: `constructor:` in a service is as unknown as `portz:`.
describe('schema keys named like Object.prototype members', () => {
  for (const key of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
    it(`"${key}" under a Compose service and a container is an unknown field`, () => {
      const compose = `services:\n  app:\n    image: python:3.12\n    ${key}: x\n`;
      assert.deepEqual(validateText(compose, 'compose.yaml', store, '1.34').map((d) => [d.code, d.path]), [['unknown-field', `services.app.${key}`]]);
      const pod = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: python:3.12\n      ${key}: x\n`;
      assert.deepEqual(validateText(pod, 'pod.yaml', store, '1.34').map((d) => [d.code, d.path]), [['unknown-field', `spec.containers[0].${key}`]]);
    });
  }

  it('hovering such a key shows no field documentation', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  constructor: x\n';
    assert.equal(hoverAt(text, text.indexOf('constructor') + 2, 'pod.yaml', store, '1.34'), undefined);
  });
});
