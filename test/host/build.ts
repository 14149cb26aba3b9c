/**
 * Bundles the in-host suite and the test-harness extension into out/host-tests/:
 *   suite/index.js, suite/*.host.test.js   (vscode and mocha external)
 *   harness/                               (the harness extension, unpacked)
 *   mlc-test-harness.vsix                  (the same, packaged for --install-extension)
 * Usage: node --import tsx test/host/build.ts
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { harnessVsix, hostTestsDir, repoRoot } from './support/paths';

const shared: esbuild.BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
  external: ['vscode', 'mocha'],
};

async function main(): Promise<void> {
  fs.rmSync(hostTestsDir, { recursive: true, force: true });
  const suiteDir = path.join(repoRoot, 'test/host/suite');
  const suiteEntries = fs
    .readdirSync(suiteDir)
    .filter((f) => f === 'index.ts' || f.endsWith('.host.test.ts'))
    .map((f) => path.join(suiteDir, f));
  const harnessOut = path.join(hostTestsDir, 'harness');
  await Promise.all([
    esbuild.build({ ...shared, entryPoints: suiteEntries, outdir: path.join(hostTestsDir, 'suite') }),
    esbuild.build({ ...shared, entryPoints: [path.join(repoRoot, 'test/host/harness/extension.ts')], outdir: harnessOut }),
  ]);
  for (const file of ['package.json', 'README.md']) {
    fs.copyFileSync(path.join(repoRoot, 'test/host/harness', file), path.join(harnessOut, file));
  }
  fs.copyFileSync(path.join(repoRoot, 'LICENSE'), path.join(harnessOut, 'LICENSE'));
  execFileSync(
    path.join(repoRoot, 'node_modules/.bin/vsce'),
    ['package', '--no-dependencies', '--allow-missing-repository', '--out', harnessVsix],
    { cwd: harnessOut, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  console.log(`host tests bundled into ${path.relative(repoRoot, hostTestsDir)}/ (${suiteEntries.length} suite files, harness vsix)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
