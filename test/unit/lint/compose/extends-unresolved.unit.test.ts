import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { applyTextEdits } from '../../../../src/core/lint/apply-edits';

const mlc010 = (text: string, path?: string) => lintCompose(text, { config: emptyConfig(), ...(path ? { path } : {}) }).findings.filter((f) => f.ruleId === 'MLC010');

describe('MLC010: extends that Compose cannot resolve', () => {
  it('a base named like no service of the file: says so, and offers no replacement', () => {
    const text = 'services:\n  api:\n    extends: common\n    image: acme/api:1.0\n  worker:\n    image: acme/worker:1.0\n';
    const [f, ...rest] = mlc010(text);
    assert.equal(rest.length, 0);
    assert.match(f?.message ?? '', /extends "common", which this file does not define, so Compose refuses the file; define that service here, or name the file/);
    assert.equal(f?.fix, undefined);
  });

  it('a typo: the fix names the service meant, and the file is then clean', () => {
    const text = 'services:\n  base:\n    image: acme/base:1.0\n  trainer:\n    extends:\n      service: bsae\n    command: [python, train.py]\n';
    const [f] = mlc010(text);
    assert.match(f?.message ?? '', /did you mean "base"\?/);
    const fixed = applyTextEdits(text, f?.fix?.edits ?? []);
    assert.match(fixed, /service: base\n/);
    assert.deepEqual(mlc010(fixed), []);
  });

  it('a circle: each service on it is reported with the circle, and removing one extends clears both', () => {
    const text = 'services:\n  api:\n    extends: worker\n    image: acme/api:1.0\n  worker:\n    extends: api\n    image: acme/worker:1.0\n';
    const found = mlc010(text);
    assert.deepEqual(found.map((f) => f.range.start.line), [3, 6]);
    assert.match(found[0]?.message ?? '', /Services extend each other in a circle \("api" → "worker" → "api"\)/);
    const fixed = applyTextEdits(text, found[0]?.fix?.edits ?? []);
    assert.equal(fixed, 'services:\n  api:\n    image: acme/api:1.0\n  worker:\n    extends: api\n    image: acme/worker:1.0\n');
    assert.deepEqual(mlc010(fixed), []);
  });

  it('a service that runs into a circle without being on it is not reported (the circle is)', () => {
    const text = 'services:\n  a:\n    extends: b\n    image: x\n  b:\n    extends: c\n    image: x\n  c:\n    extends: b\n    image: x\n';
    assert.deepEqual(mlc010(text).map((f) => f.range.start.line), [6, 9]);
  });

  it('no removal is offered when extends is all the service has, or the mapping is a flow one', () => {
    for (const text of ['services:\n  a:\n    extends: a\n', 'services:\n  a: {extends: a, image: x}\n']) {
      const [f] = mlc010(text);
      assert.match(f?.message ?? '', /Service "a" extends itself/);
      assert.equal(f?.fix, undefined, text);
    }
  });

  it('stays quiet in override files, with include, for bases in other files and interpolated names', () => {
    assert.deepEqual(mlc010('services:\n  a:\n    extends: base\n    image: x\n', 'compose.override.yaml'), []);
    assert.deepEqual(mlc010('include: [other.yaml]\nservices:\n  a:\n    extends: base\n    image: x\n'), []);
    assert.deepEqual(mlc010('services:\n  a:\n    extends: {file: base.yaml, service: nope}\n    image: x\n'), []);
    assert.deepEqual(mlc010('services:\n  a:\n    extends: ${BASE}\n    image: x\n'), []);
  });
});
