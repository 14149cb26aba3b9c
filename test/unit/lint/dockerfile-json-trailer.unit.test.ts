import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../src/core/lint/apply-edits';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';

const rules = dockerfileRules.filter((r) => r.meta.id === 'MLD501');

describe('MLD501: text after a JSON array', () => {
  it('says a trailing comment makes the line shell form, and its fix moves the comment to its own line', () => {
    // A pixi image's Dockerfile: ENTRYPOINT ["/entrypoint.sh"]  # uses the pixi environment
    const text = 'FROM python:3.11-slim\n  ENTRYPOINT ["/entrypoint.sh"]  # uses the pixi environment\n';
    const [f, ...rest] = lintDockerfile(text, { rules }).findings;
    assert.equal(rest.length, 0);
    assert.equal(f?.message, 'ENTRYPOINT has a comment after its JSON array, so Docker reads the whole line as shell form and /bin/sh runs it as a command; Dockerfiles have no end-of-line comments: move the comment to its own line above.');
    const fixed = applyTextEdits(text, f?.fix?.edits ?? []);
    assert.equal(fixed, 'FROM python:3.11-slim\n  # uses the pixi environment\n  ENTRYPOINT ["/entrypoint.sh"]\n');
    assert.deepEqual(lintDockerfile(fixed, { rules }).findings, []);
  });

  it('names other trailing text and offers no fix; a lone array, or one with a bracket inside a string, is JSON form', () => {
    const [f] = lintDockerfile('FROM python:3.11-slim\nCMD ["serve", "--port", "8000"] extra\n', { rules }).findings;
    assert.match(f?.message ?? '', /^CMD has "extra" after its JSON array, .*; end the line with the array\.$/);
    assert.equal(f?.fix, undefined);
    assert.deepEqual(lintDockerfile('FROM python:3.11-slim\nCMD ["python", "-c", "print([1])"]\n', { rules }).findings, []);
    // Not an array of strings: plain shell form, with the usual message.
    const [shell] = lintDockerfile('FROM python:3.11-slim\nCMD [1, 2] && run\n', { rules }).findings;
    assert.match(shell?.message ?? '', /^CMD in shell form runs under \/bin\/sh/);
  });
});
