import * as assert from 'node:assert/strict';
import { renderTemplate } from '../../../src/core/scaffold/render';

describe('scaffold/render', () => {
  it('substitutes values and keeps or drops sections by flag', () => {
    const t = 'a={{a}}\n{{#on}}\nyes {{a}}\n{{/on}}\n{{^on}}\nno\n{{/on}}\nend';
    assert.equal(renderTemplate(t, { a: 1, on: true }), 'a=1\nyes 1\nend');
    assert.equal(renderTemplate(t, { a: 'x', on: false }), 'a=x\nno\nend');
  });

  it('nests sections', () => {
    assert.equal(renderTemplate('{{#a}}\n{{#b}}\nab\n{{/b}}\na\n{{/a}}', { a: true, b: false }), 'a');
  });

  it('leaves GitHub expressions alone', () => {
    assert.equal(renderTemplate('x: ${{ github.sha }}', {}), 'x: ${{ github.sha }}');
  });

  it('fails loudly on a missing value or unbalanced sections', () => {
    assert.throws(() => renderTemplate('{{nope}}', {}), /no value for \{\{nope\}\}/);
    assert.throws(() => renderTemplate('{{#a}}\nx', { a: true }), /never closed/);
    assert.throws(() => renderTemplate('{{#a}}\n{{/b}}', { a: true }), /closes/);
  });
});
