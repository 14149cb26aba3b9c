/**
 * Runs the same in-host suite in desktop VS Code through @vscode/test-electron, on machines that
 * can download VS Code (this one cannot: use scripts/test-host.sh, which runs it in code-server).
 * Usage: npm run build && node --import tsx test/host/build.ts && node --import tsx test/host/run-electron.ts
 * Env: MLC_VSCODE_VERSION (default 1.100.3, the oldest VS Code engines.vscode admits).
 * Note: test-electron starts VS Code with --disable-workspace-trust, so the trust check passes
 * there because trust is off; under code-server the folder is really trusted via the prompt.
 */
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot, suiteIndex } from './support/paths';
import { prepareWorkspace } from './support/workspace';

async function main(): Promise<void> {
  const workspace = prepareWorkspace();
  try {
    await runTests({
      version: process.env.MLC_VSCODE_VERSION ?? '1.100.3',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: suiteIndex,
      launchArgs: [workspace.path, '--disable-extensions', '--user-data-dir', path.join(repoRoot, '.vscode-test/user-data')],
    });
  } finally {
    workspace.dispose();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
