import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const repoRoot = path.resolve(__dirname, '../../..');
/** tsx's loader by absolute URL: the runs start in a temporary folder, where `--import tsx` would not resolve. */
const tsxLoader = pathToFileURL(require.resolve('tsx', { paths: [repoRoot] })).href;

/**
 * Runs `mlc lint ARGS` from the sources in a process of its own, killed after 60 s: reading a device
 * or opening a pipe blocks the thread that does it, so an in-process run could hang the whole suite.
 */
function lint(cwd: string, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, path.join(repoRoot, 'src/cli/main.ts'), 'lint', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

describe('mlc lint: devices, pipes and links to them in the linted tree', function () {
  this.timeout(90_000);
  let dir: string;
  const write = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(tmpdir(), 'mlc-special-files-'));
    fs.mkdirSync(path.join(dir, '.git'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('skips links to /dev/zero and to a pipe in a walked folder', async () => {
    write('app/Dockerfile', 'FROM python:3.12-slim\nCOPY . /app\n');
    write('app/deploy.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: web:latest\n');
    fs.symlinkSync('/dev/zero', path.join(dir, 'app/zero.yaml'));
    fs.symlinkSync('/dev/zero', path.join(dir, 'app/Containerfile'));
    execFileSync('mkfifo', [path.join(dir, 'app/pipe')]);
    fs.symlinkSync('pipe', path.join(dir, 'app/through-pipe.yaml'));

    const r = await lint(dir, ['app', '--format', 'json', '--failure-threshold', 'none']);

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
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero/.dockerignore'));
    execFileSync('mkfifo', [path.join(dir, 'pipe/.dockerignore')]);

    const r = await lint(dir, ['zero', 'pipe', '--format', 'json', '--failure-threshold', 'none']);

    assert.equal(r.code, 0, r.err);
    const leaks = (JSON.parse(r.out) as { file: string; ruleId: string }[]).filter((f) => f.ruleId === 'MLX301').map((f) => f.file);
    // No ignore file to honour: the weights go into both builds.
    assert.deepEqual(leaks.sort(), ['pipe/Dockerfile', 'zero/Dockerfile']);
  });

  it('refuses a device or a pipe named on the command line with a clear error', async () => {
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.yaml'));
    execFileSync('mkfifo', [path.join(dir, 'Dockerfile')]);

    const r = await lint(dir, ['zero.yaml', 'Dockerfile']);

    assert.equal(r.code, 2);
    assert.match(r.err, /zero\.yaml: not a file or directory/);
    assert.match(r.err, /Dockerfile: not a file or directory/);
  });

  it('reports a configuration that extends /dev/zero or a pipe, or is over 1 MiB, as invalid instead of reading it', async () => {
    for (const d of ['zero', 'pipe', 'huge']) {
      write(`${d}/Dockerfile`, 'FROM python:3.12-slim\n');
    }
    write('zero/.mlc.yaml', 'extends: /dev/zero\n');
    execFileSync('mkfifo', [path.join(dir, 'pipe/base.yaml')]);
    write('pipe/.mlc.yaml', 'extends: base.yaml\n');
    write('huge/.mlc.yaml', `${'# padding\n'.repeat(120_000)}rules:\n  MLD104: off\n`);

    const r = await lint(dir, ['zero', 'pipe', 'huge']);

    assert.equal(r.code, 2);
    assert.match(r.err, /invalid config \S*dev\/zero: not a regular file/);
    assert.match(r.err, /invalid config pipe\/base\.yaml: not a regular file/);
    assert.match(r.err, /invalid config huge\/\.mlc\.yaml: 1200\d+ bytes, more than the 1048576 allowed/);
  });
});
