import * as assert from 'node:assert/strict';
import { cleanPath, IgnoreMatcher, readIgnoreLines } from '../../../src/core/docker/build-ignore';

const m = (text: string, keep: string[] = []) => IgnoreMatcher.fromDockerignore(text, keep);

// Cases from the docker CLI's documentation of .dockerignore (docs.docker.com/build/concepts/context/#dockerignore-files).
describe('.dockerignore matching (docker CLI semantics)', function () {
  it('*/temp* excludes names starting with temp one level below the root', function () {
    const x = m('*/temp*');
    assert.equal(x.excludes('somedir/temporary.txt'), true);
    assert.equal(x.excludes('somedir/temp'), true);
    assert.equal(x.excludes('somedir/temp/inner.txt'), true, 'a matched directory takes its contents');
    assert.equal(x.excludes('temporary.txt'), false);
    assert.equal(x.excludes('a/b/temp'), false);
  });

  it('*/*/temp* excludes two levels below the root; temp? one character', function () {
    assert.equal(m('*/*/temp*').excludes('somedir/subdir/temporary.txt'), true);
    assert.equal(m('*/*/temp*').excludes('somedir/temporary.txt'), false);
    const q = m('temp?');
    assert.equal(q.excludes('tempa'), true);
    assert.equal(q.excludes('tempb'), true);
    assert.equal(q.excludes('temp'), false);
    assert.equal(q.excludes('tempab'), false);
  });

  it('**/*.go matches in every directory, the root included', function () {
    const x = m('**/*.go');
    assert.equal(x.excludes('main.go'), true);
    assert.equal(x.excludes('a/b/c/main.go'), true);
    assert.equal(x.excludes('a/main.golden'), false);
    assert.equal(m('a/**/b').excludes('a/b'), true, '** matches zero directories');
    assert.equal(m('a/**/b').excludes('a/x/y/b/file'), true);
  });

  it('! exceptions: the last matching line wins', function () {
    const readme = m('*.md\n!README.md');
    assert.equal(readme.excludes('CHANGELOG.md'), true);
    assert.equal(readme.excludes('README.md'), false);

    const secret = m('*.md\n!README*.md\nREADME-secret.md');
    assert.equal(secret.excludes('README-secret.md'), true);
    assert.equal(secret.excludes('README-public.md'), false);
    assert.equal(secret.excludes('notes.md'), true);

    const noEffect = m('*.md\nREADME-secret.md\n!README*.md');
    assert.equal(noEffect.excludes('README-secret.md'), false);
    assert.equal(noEffect.excludes('notes.md'), true);
  });

  it('comments, blank lines, surrounding spaces, leading / and ./ and .. are normalised like filepath.Clean', function () {
    assert.deepEqual(readIgnoreLines('# comment\n\n  /build/  \n./dist\n! keep\na/../b\n !x'), ['build', 'dist', '!keep', 'b', '!x']);
    assert.equal(cleanPath('a//b/./c/..'), 'a/b');
    assert.equal(m('/build').excludes('build/out.o'), true);
  });

  it('a # that does not start the line is part of the pattern', function () {
    assert.equal(m('file#1').excludes('file#1'), true);
  });

  it('character classes and escapes', function () {
    const x = m('[ab].txt\nlit\\*');
    assert.equal(x.excludes('a.txt'), true);
    assert.equal(x.excludes('c.txt'), false);
    assert.equal(x.excludes('lit*'), true);
    assert.equal(x.excludes('litx'), false);
  });

  it('the Dockerfile and .dockerignore are always sent, even when excluded', function () {
    const x = m('*\n', ['Dockerfile', '.dockerignore']);
    assert.equal(x.excludes('Dockerfile'), false);
    assert.equal(x.excludes('.dockerignore'), false);
    assert.equal(x.excludes('src'), true);
    assert.equal(m('docker/\n', ['docker/train.Dockerfile']).excludes('docker/train.Dockerfile'), false);
  });

  it('an excluded directory is walked only when an exception names something inside it', function () {
    const x = m('models\n!models/keep.bin\ncache');
    assert.equal(x.mustDescend('models'), true);
    assert.equal(x.excludes('models/keep.bin'), false);
    assert.equal(x.excludes('models/other.bin'), true);
    assert.equal(x.mustDescend('cache'), false);
    assert.equal(m('cache').mustDescend('cache'), false);
  });
});
