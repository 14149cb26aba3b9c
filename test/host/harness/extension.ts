/**
 * Test-harness extension (test-only, never shipped). code-server's web client does not pass
 * --extensionTestsPath to the extension host, so this extension starts the in-host suite instead:
 *   MLC_HOST_SUITE    path of the bundled suite index (exports run(): Promise<void>)
 *   MLC_HOST_RESULTS  path of the JSON results file to write (see test/host/support/results.ts)
 * Without both variables it does nothing.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as vscode from 'vscode';
import { ResultCollector, type RunResults } from '../support/results';

interface SuiteModule {
  run(): Promise<void>;
  results?: () => RunResults | undefined;
}

export function activate(): void {
  const suitePath = process.env.MLC_HOST_SUITE;
  const resultsPath = process.env.MLC_HOST_RESULTS;
  if (!suitePath || !resultsPath) {
    return;
  }
  // One run per results file: a reloaded window or a second tab starts another extension host.
  try {
    fs.writeFileSync(`${resultsPath}.lock`, String(process.pid), { flag: 'wx' });
  } catch {
    console.log(`[mlc-test-harness] ${resultsPath}.lock exists: the suite already ran in another extension host`);
    return;
  }
  void runSuite(suitePath, resultsPath);
}

export function deactivate(): void {
  // Nothing to dispose: the run owns no registrations.
}

/** Resolves once the workspace is trusted, or after the deadline (the suite then reports it). */
function waitForTrust(timeoutMs: number): Promise<void> {
  if (vscode.workspace.isTrusted) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    const sub = vscode.workspace.onDidGrantWorkspaceTrust(done);
    function done(): void {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    }
  });
}

async function runSuite(suitePath: string, resultsPath: string): Promise<void> {
  const trustWaitStarted = Date.now();
  await waitForTrust(Number(process.env.MLC_HOST_TRUST_TIMEOUT_MS ?? 120_000));
  const environment: RunResults['environment'] = {
    host: `${vscode.env.appName} ${vscode.version}`,
    uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop',
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    workspaceTrusted: vscode.workspace.isTrusted,
    waitedForTrustMs: String(Date.now() - trustWaitStarted),
  };
  let results: RunResults | undefined;
  let failure: unknown;
  try {
    const suite = createRequire(__filename)(suitePath) as SuiteModule;
    try {
      await suite.run();
    } catch (err) {
      failure = err; // test failures are in the results; this matters only when there are none
    }
    results = suite.results?.();
  } catch (err) {
    failure = err;
  }
  if (!results) {
    const collector = new ResultCollector('in-host');
    collector.addFailure(['in-host suite', 'load and run the suite'], failure ?? new Error(`${suitePath} reported no results`));
    results = collector.results();
  }
  results.environment = { ...results.environment, ...environment };
  const tmp = `${resultsPath}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(results, null, 2));
  fs.renameSync(tmp, resultsPath);
  console.log(`[mlc-test-harness] wrote ${resultsPath}: ${results.stats.passes} passing, ${results.stats.failures} failing`);
}
