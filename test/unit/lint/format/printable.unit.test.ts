import * as assert from 'node:assert/strict';
import { printableLine, printableLines } from '../../../../src/core/lint/format/printable';
import { useLintRepo } from '../support/lint-repo';

describe('lint text output: terminal control characters', () => {
  it('writes control characters, line breaks and bidirectional overrides as escapes', () => {
    assert.equal(printableLine('a\u001b]0;title\u0007b'), 'a\\x1b]0;title\\x07b');
    assert.equal(printableLine('one\ntwo\r'), 'one\\ntwo\\r');
    assert.equal(printableLine('\u009b2J \u007f \u202eevil\u2066'), '\\x9b2J \\x7f \\u202eevil\\u2066');
    assert.equal(printableLine('tab\tkept, naïve ✓ kept'), 'tab\tkept, naïve ✓ kept');
    assert.equal(printableLines('line one\nline \u001b[2J two\n'), 'line one\nline \\x1b[2J two\n');
  });

  describe('mlc lint --format text', () => {
    const { write, lint } = useLintRepo('printable');

    it('shows a package name with an escape sequence, and a file name with one, escaped; JSON keeps them exact', async () => {
      const evil = 'tor\u001b[2Jch';
      write('Dockerfile', `FROM python:3.12-slim\nRUN pip install --no-cache-dir ${evil}\n`);
      write('bad\u001b[31mname.Dockerfile', 'FROM python:3.12-slim\n');

      const text = await lint('.', '--failure-threshold', 'none');
      assert.ok(!(text.out + text.err).includes('\u001b'), 'no raw ESC');
      assert.match(text.out, /^Dockerfile:2:\d+: warning MLD203 tor\\x1b\[2Jch is not pinned/m);
      assert.match(text.out, /^bad\\x1b\[31mname\.Dockerfile:1:/m);

      const json = JSON.parse((await lint('.', '--format', 'json', '--failure-threshold', 'none')).out) as { file: string; message: string }[];
      assert.ok(json.some((f) => f.message.startsWith(`${evil} is not pinned`)));
      assert.ok(json.some((f) => f.file === 'bad\u001b[31mname.Dockerfile'));
    });

    it('escapes control characters in the paths of problems on standard error', async () => {
      write('x\u001b]0;t\u0007.yaml', 'apiVersion: v1\nkind: ConfigMap\n\u0000');
      const r = await lint('x\u001b]0;t\u0007.yaml');
      assert.equal(r.code, 2);
      assert.ok(!r.err.includes('\u001b') && !r.err.includes('\u0007'), 'no raw ESC or BEL');
      assert.match(r.err, /x\\x1b\]0;t\\x07\.yaml/);
    });
  });
});
