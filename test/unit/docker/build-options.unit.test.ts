import * as assert from 'node:assert/strict';
import { defaultTag, engineBuildQuery, parseBuildArgs, rememberTag, validateTag } from '../../../src/core/docker/build-options';

describe('build options', function () {
  it('becomes the Engine API query with --rm/--force-rm like docker build', function () {
    assert.deepEqual(engineBuildQuery({ dockerfile: 'docker/Dockerfile', tags: ['a:1'], buildArgs: { X: '1' }, target: 'train', platform: 'linux/amd64' }), {
      dockerfile: 'docker/Dockerfile', t: ['a:1'], buildargs: { X: '1' }, labels: {}, rm: true, forcerm: true, target: 'train', platform: 'linux/amd64',
    });
  });

  it('parses KEY=VALUE build args', function () {
    assert.deepEqual(parseBuildArgs(' A=1\nB=x=y  C= '), { ok: true, args: { A: '1', B: 'x=y', C: '' } });
    assert.equal(parseBuildArgs('A').ok, false);
    assert.equal(parseBuildArgs('=1').ok, false);
  });

  it('validates tags', function () {
    for (const ok of ['my-model', 'my-model:latest', '127.0.0.1:5000/team/model:v1.2', 'ghcr.io/org/model_x:Tag-1']) {
      assert.equal(validateTag(ok), undefined, ok);
    }
    for (const bad of ['', 'My-Model', 'model:', 'a b', 'model:-x']) {
      assert.ok(validateTag(bad), bad);
    }
  });

  it('remembers recent tags, most recent first', function () {
    assert.deepEqual(rememberTag(['a', 'b', 'c'], 'b'), ['b', 'a', 'c']);
    assert.deepEqual(rememberTag(['a', 'b'], 'c', 2), ['c', 'a']);
    assert.equal(defaultTag('My Project!'), 'my-project:latest');
    assert.equal(defaultTag('---'), 'image:latest');
  });
});
