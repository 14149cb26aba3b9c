import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { applyTextEdits } from '../../../../src/core/lint/apply-edits';

const mlc010 = (text: string, path?: string, files?: Record<string, string>) =>
  lintCompose(text, { config: emptyConfig(), ...(path ? { path } : {}), ...(files ? { extendsFiles: new Map(Object.entries(files)) } : {}) }).findings.filter((f) => f.ruleId === 'MLC010');

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

  describe('a base in another file that was read', () => {
    const common = 'services:\n  gpu-base:\n    image: nvidia/cuda:12.4.1-runtime-ubuntu22.04\n  cpu-base:\n    image: python:3.11-slim\n';
    const extender = (service: string, file = './common.yaml') => `services:\n  trainer:\n    extends:\n      file: ${file}\n      service: ${service}\n    command: [python, train.py]\n`;

    it('a typo: names the file, the fix names the service meant, and the file is then clean', () => {
      const text = extender('gpu-bsae');
      const [f, ...rest] = mlc010(text, 'compose.yaml', { './common.yaml': common });
      assert.equal(rest.length, 0);
      assert.deepEqual(f?.range, { start: { line: 5, column: 16 }, end: { line: 5, column: 24 } });
      assert.match(f?.message ?? '', /Service "trainer" extends "gpu-bsae" in \.\/common\.yaml, which that file does not define, so Compose refuses the file; did you mean "gpu-base"\?/);
      const fixed = applyTextEdits(text, f?.fix?.edits ?? []);
      assert.equal(fixed, extender('gpu-base'));
      assert.deepEqual(mlc010(fixed, 'compose.yaml', { './common.yaml': common }), []);
    });

    it('no near name: lists the services the file has (or says it has none), without a fix', () => {
      const [f] = mlc010(extender('inference'), 'compose.yaml', { './common.yaml': common });
      assert.match(f?.message ?? '', /name one of its services \("gpu-base", "cpu-base"\)\./);
      assert.equal(f?.fix, undefined);
      const [none] = mlc010(extender('inference'), 'compose.yaml', { './common.yaml': 'services: {}\n' });
      assert.match(none?.message ?? '', /\(it has none\)/);
    });

    it('reported in override files and next to include too: the file named is read on its own', () => {
      assert.equal(mlc010(extender('nope'), 'compose.override.yaml', { './common.yaml': common }).length, 1);
      assert.equal(mlc010(`include: [x.yaml]\n${extender('nope')}`, 'compose.yaml', { './common.yaml': common }).length, 1);
    });

    it('quiet when the file was not read, cannot be parsed, includes others, or a name is interpolated', () => {
      assert.deepEqual(mlc010(extender('nope'), 'compose.yaml', { './other.yaml': common }), []);
      assert.deepEqual(mlc010(extender('nope'), 'compose.yaml', { './common.yaml': 'services: [' }), []);
      assert.deepEqual(mlc010(extender('nope'), 'compose.yaml', { './common.yaml': `include: [more.yaml]\n${common}` }), []);
      assert.deepEqual(mlc010(extender('${BASE}'), 'compose.yaml', { './common.yaml': common }), []);
      assert.deepEqual(mlc010(extender('gpu-base'), 'compose.yaml', { './common.yaml': common }), []);
    });
  });
});
