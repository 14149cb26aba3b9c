import * as assert from 'node:assert/strict';
import { isTemplatePlaceholder } from '../../../src/core/lint/placeholders';

describe('template placeholders: whole-value __NAME__ tokens a script swaps before kubectl apply', () => {
  it('takes upper-case tokens between double underscores as placeholders', () => {
    for (const v of ['__ACCELERATOR_TYPE__', '__HPA_STABILIZATION_SECONDS__', '__NAMESPACE__', '__V2__']) {
      assert.ok(isTemplatePlaceholder(v), v);
    }
  });

  it('does not take lower case, text around a token, bare underscores or a quoted token as written for one', () => {
    for (const v of ['__init__', '__model_name__', 'gpu-__ACCELERATOR__', '__ACCELERATOR__0', '____', '__A__B__', '___A___', '"__REPLICAS__"', '_A_']) {
      assert.ok(!isTemplatePlaceholder(v), v);
    }
  });
});
