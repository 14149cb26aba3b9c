import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { useLintRepo } from './support/lint-repo';

describe('mlc lint: symlinks out of the repository', () => {
  const repo = useLintRepo('symlinks');
  let outside = '';
  beforeEach(() => {
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-outside-'));
  });
  afterEach(() => fs.rmSync(outside, { recursive: true, force: true }));
  const link = (target: string, rel: string): void => {
    fs.mkdirSync(path.dirname(path.join(repo.root, rel)), { recursive: true });
    fs.symlinkSync(target, path.join(repo.root, rel));
  };

  it('a folder walk follows links inside the repository, skips links out of it with a note, and never quotes their content', async () => {
    fs.writeFileSync(path.join(outside, 'secret'), 'token:s3cr3t-value\n');
    repo.write('shared/Dockerfile', 'FROM python:3.12-slim\n');
    link('../shared/Dockerfile', 'svc/app.Dockerfile');
    link(path.join(outside, 'secret'), 'svc/Dockerfile');

    const r = await repo.lint('svc', '--failure-threshold', 'none');

    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^svc\/app\.Dockerfile:1:\d+: warning MLD104/m);
    assert.doesNotMatch(r.out + r.err, /s3cr3t/);
    assert.match(r.err, /svc\/Dockerfile: skipped: a symlink to \S+secret, outside \S+: not followed/);
    // Named on the command line, the link is the user's choice: followed.
    const named = await repo.lint('svc/Dockerfile', '--failure-threshold', 'none');
    assert.match(named.out, /MLD001 Unknown instruction "token:s3cr3t-value"/);
  });

  it('the cross-file pass reads a .dockerignore linked out of the repository as absent', async () => {
    fs.writeFileSync(path.join(outside, 'ignore'), '*.safetensors\n');
    repo.write('app/Dockerfile', 'FROM python:3.12-slim\nCOPY . /app\n');
    repo.write('app/model.safetensors', 'weights');
    repo.write('inside/.dockerignore', '*.safetensors\n');
    repo.write('inside/Dockerfile', 'FROM python:3.12-slim\nCOPY . /app\n');
    repo.write('inside/model.safetensors', 'weights');
    link(path.join(outside, 'ignore'), 'app/.dockerignore');

    const r = await repo.lint('app', 'inside', '--format', 'json', '--failure-threshold', 'none');

    const leaks = (JSON.parse(r.out) as { file: string; ruleId: string }[]).filter((f) => f.ruleId === 'MLX301').map((f) => f.file);
    assert.deepEqual(leaks, ['app/Dockerfile']);
  });
});
