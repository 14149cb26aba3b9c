import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { LintJob } from '../../src/cli/lint-file';
import { lintJob } from '../../src/cli/lint-file';
import { lintInWorkers, lintWorkerScript } from '../../src/cli/lint-pool';
import { emptyConfig } from '../../src/core/lint/config';
import { repoRoot } from './support/fixtures';

const run = promisify(execFile);

interface PackageJson {
  main: string;
  bin: Record<string, string>;
  engines: { vscode: string };
  activationEvents?: string[];
  contributes: { commands: { command: string; title: string; category?: string }[] };
}

const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as PackageJson;

/** Whether a caret range like ^1.100.0 admits a version like 1.100.0. */
function caretAdmits(range: string, version: string): boolean {
  const r = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range);
  const v = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  assert.ok(r, `engines.vscode "${range}" is a caret range`);
  assert.ok(v);
  const [rMajor, rMinor, rPatch] = r.slice(1).map(Number) as [number, number, number];
  const [vMajor, vMinor, vPatch] = v.slice(1).map(Number) as [number, number, number];
  if (rMajor !== vMajor) {
    return false;
  }
  return vMinor > rMinor || (vMinor === rMinor && vPatch >= rPatch);
}

describe('package contents', () => {
  describe('package.json', () => {
    it('admits VS Code 1.100 (the oldest host tested)', () => {
      assert.ok(caretAdmits(pkg.engines.vscode, '1.100.0'), `${pkg.engines.vscode} admits 1.100.0`);
      assert.ok(!caretAdmits('^1.101.0', '1.100.0'), 'the range check itself rejects a newer minimum');
    });

    it('never activates on "*"', () => {
      assert.ok(!(pkg.activationEvents ?? []).includes('*'));
    });

    it('puts every command under "ML Containers" with an mlc. id and no title prefix', () => {
      assert.ok(pkg.contributes.commands.length > 0);
      for (const c of pkg.contributes.commands) {
        assert.equal(c.category, 'ML Containers', c.command);
        assert.match(c.command, /^mlc\./);
        assert.doesNotMatch(c.title, /^ML Containers/, c.command);
      }
    });

    it('points main at the bundle and bin.mlc at the CLI bundle', () => {
      assert.equal(pkg.main, './dist/extension.js');
      assert.deepEqual(pkg.bin, { mlc: 'dist/cli.js' });
    });
  });

  describe('the .vsix file list (vsce ls)', () => {
    let files: string[];
    before(async function () {
      this.timeout(120000);
      await run(process.execPath, ['esbuild.js', '--release'], { cwd: repoRoot });
      const { stdout } = await run('npx', ['vsce', 'ls', '--no-dependencies'], { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 });
      files = stdout.split('\n').map((l) => l.trim()).filter(Boolean);
    });

    it('ships only dist/, schemas/, snippets/, media/ and the top-level documents', () => {
      const allowed = /^(dist|schemas|snippets|media)\//;
      const topLevel = ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE'];
      const stray = files.filter((f) => !allowed.test(f) && !topLevel.includes(f));
      assert.deepEqual(stray, []);
      for (const doc of topLevel) {
        assert.ok(files.includes(doc), doc);
      }
    });

    it('ships the extension and CLI bundles and every built bundle', () => {
      assert.ok(files.includes('dist/extension.js'));
      assert.ok(files.includes('dist/cli.js'));
      const built = readdirSync(path.join(repoRoot, 'dist')).filter((f) => f.endsWith('.js'));
      for (const bundle of built) {
        assert.ok(files.includes(`dist/${bundle}`), `dist/${bundle} is shipped`);
      }
    });

    it('ships no source maps, sources, tests or node_modules', () => {
      assert.deepEqual(
        files.filter((f) => f.endsWith('.map') || /^(src|test|node_modules)\//.test(f) || f.includes('/node_modules/')),
        [],
      );
    });

    it("lints on worker threads with the CLI bundle itself (no linter bundle of its own)", async function () {
      this.timeout(60000);
      const dist = path.join(repoRoot, 'dist');
      const script = lintWorkerScript(dist);
      assert.equal(script, path.join(dist, 'cli-main.js'));
      assert.ok(!files.some((f) => /^dist\/lint-worker/.test(f)), 'no separate worker bundle is shipped');
      const manifest = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w\nspec:\n  selector:\n    matchLabels: {app: w}\n  template:\n    metadata:\n      labels: {app: w}\n    spec:\n      containers:\n        - name: main\n          image: python:latest\n          resources:\n            limits:\n              nvidia.com/gpu: 2\n';
      const jobs: LintJob[] = [
        { kind: 'kubernetes', text: manifest, config: emptyConfig(), path: 'deploy.yaml', noInlineIgnores: false },
        { kind: 'dockerfile', text: 'FROM python:latest\nRUN pip install torch\n', config: emptyConfig(), path: 'Dockerfile', noInlineIgnores: false },
      ];
      let fellBack = 0;
      const results = await lintInWorkers(jobs, 2, script, (job) => {
        fellBack++;
        return Promise.resolve(lintJob(job, undefined));
      }).results;
      assert.equal(fellBack, 0, 'both batches were linted by the bundle on worker threads');
      assert.deepEqual(results, jobs.map((j) => lintJob(j, undefined)));
      assert.ok(results.every((r) => r.findings.length > 0));
    });

    it('makes the CLI bundle runnable as `mlc`', () => {
      assert.match(readFileSync(path.join(repoRoot, 'dist', 'cli.js'), 'utf8').split('\n')[0] ?? '', /^#!\/usr\/bin\/env node/);
    });
  });
});
