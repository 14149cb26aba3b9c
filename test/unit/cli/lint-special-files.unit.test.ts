import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useLintRepo } from '../lint/support/lint-repo';
import { spawnLint } from './support/spawn-lint';

describe('mlc lint: devices, pipes and links to them in the linted tree', function () {
  this.timeout(90_000);
  const repo = useLintRepo('special-files');
  const write = repo.write;

  it('skips links to /dev/zero and to a pipe in a walked folder', async () => {
    write('app/Dockerfile', 'FROM python:3.12-slim\nCOPY . /app\n');
    write('app/deploy.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: web:latest\n');
    fs.symlinkSync('/dev/zero', path.join(repo.root, 'app/zero.yaml'));
    fs.symlinkSync('/dev/zero', path.join(repo.root, 'app/Containerfile'));
    execFileSync('mkfifo', [path.join(repo.root, 'app/pipe')]);
    fs.symlinkSync('pipe', path.join(repo.root, 'app/through-pipe.yaml'));

    const r = await spawnLint(repo.root, ['app', '--format', 'json', '--failure-threshold', 'none']);

    assert.equal(r.code, 0, r.err);
    const findings = JSON.parse(r.out) as { file: string }[];
    assert.deepEqual([...new Set(findings.map((f) => f.file))].sort(), ['app/Dockerfile', 'app/deploy.yaml']);
    assert.doesNotMatch(r.err, /zero\.yaml|through-pipe|Containerfile/);
  });

  it('reads a .dockerignore linked to /dev/zero or a pipe as absent in the cross-file pass', async () => {
    for (const d of ['zero', 'pipe']) {
      write(`${d}/Dockerfile`, 'FROM python:3.12-slim\nCOPY . /app\n');
      write(`${d}/model.safetensors`, 'weights');
    }
    fs.symlinkSync('/dev/zero', path.join(repo.root, 'zero/.dockerignore'));
    execFileSync('mkfifo', [path.join(repo.root, 'pipe/.dockerignore')]);

    const r = await spawnLint(repo.root, ['zero', 'pipe', '--format', 'json', '--failure-threshold', 'none']);

    assert.equal(r.code, 0, r.err);
    const leaks = (JSON.parse(r.out) as { file: string; ruleId: string }[]).filter((f) => f.ruleId === 'MLX301').map((f) => f.file);
    // No ignore file to honour: the weights go into both builds.
    assert.deepEqual(leaks.sort(), ['pipe/Dockerfile', 'zero/Dockerfile']);
  });

  it('refuses a device or a pipe named on the command line with a clear error', async () => {
    fs.symlinkSync('/dev/zero', path.join(repo.root, 'zero.yaml'));
    execFileSync('mkfifo', [path.join(repo.root, 'Dockerfile')]);

    const r = await spawnLint(repo.root, ['zero.yaml', 'Dockerfile']);

    assert.equal(r.code, 2);
    assert.match(r.err, /zero\.yaml: not a file or directory/);
    assert.match(r.err, /Dockerfile: not a file or directory/);
  });

  it('reports a configuration that extends /dev/zero or a pipe, or is over 1 MiB, as invalid instead of reading it', async () => {
    for (const d of ['zero', 'pipe', 'huge']) {
      write(`${d}/Dockerfile`, 'FROM python:3.12-slim\n');
    }
    write('zero/.mlc.yaml', 'extends: /dev/zero\n');
    execFileSync('mkfifo', [path.join(repo.root, 'pipe/base.yaml')]);
    write('pipe/.mlc.yaml', 'extends: base.yaml\n');
    write('huge/.mlc.yaml', `${'# padding\n'.repeat(120_000)}rules:\n  MLD104: off\n`);

    const r = await spawnLint(repo.root, ['zero', 'pipe', 'huge']);

    assert.equal(r.code, 2);
    assert.match(r.err, /invalid config \S*dev\/zero: not a regular file/);
    assert.match(r.err, /invalid config pipe\/base\.yaml: not a regular file/);
    assert.match(r.err, /invalid config huge\/\.mlc\.yaml: 1200\d+ bytes, more than the 1048576 allowed/);
  });
});
