import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../..');

/** Runs `mlc ARGS` from the sources and closes its stdout after the first piece of output, as `| head` does. */
function runAndCloseEarly(args: string[]): Promise<{ code: number | null; stderr: string; received: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli/main.ts'), ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let received = 0;
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.once('data', (d: Buffer) => {
      received = d.length;
      child.stdout.destroy();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, received });
    });
  });
}

describe('mlc: output into a pipe its reader closes early', function () {
  this.timeout(90_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mlc-closed-pipe-'));
    // Hundreds of findings: far more output than a pipe holds, so writes go on after the reader is gone.
    const deployment = (i: number) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-${i}\nspec:\n  selector:\n    matchLabels: {app: web-${i}}\n  template:\n    metadata:\n      labels: {app: web-${i}}\n    spec:\n      containers:\n        - name: web\n          image: web:latest\n`;
    writeFileSync(path.join(dir, 'many.yaml'), Array.from({ length: 400 }, (_, i) => deployment(i)).join('---\n'));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const format of ['json', 'text']) {
    it(`--format ${format}: no crash, no stack trace, the command's own exit code`, async () => {
      const run = await runAndCloseEarly(['lint', dir, '--format', format, '--failure-threshold', 'warning']);
      assert.ok(run.received > 0, 'some output arrived before the pipe was closed');
      assert.doesNotMatch(run.stderr, /EPIPE|Unhandled|at .*\(node:/, run.stderr);
      assert.equal(run.code, 1, `exit code 1 (findings at or above the threshold); stderr: ${run.stderr}`);
    });
  }
});
