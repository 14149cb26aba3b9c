/**
 * Runs the in-host suite inside code-server: installs the packaged extension and the test-harness
 * extension, starts code-server with MLC_HOST_SUITE / MLC_HOST_RESULTS, opens the workbench in
 * Chromium (which starts the extension host) and trusts the folder, waits for the results file,
 * then prints it like Mocha's spec reporter (without totals: see summarize.ts).
 * Usage: node --import tsx test/host/run-in-host.ts   (after test/host/build.ts)
 * Exit status: 0 when every test passed, 1 otherwise.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, openWorkbench } from './support/browser';
import { type CodeServer, startCodeServer } from './support/code-server';
import { extensionVsix, harnessVsix, resultsDir, suiteIndex } from './support/paths';
import { formatSpec } from './support/print';
import type { RunResults } from './support/results';
import { ResultCollector } from './support/results';
import { waitFor } from './support/wait';
import { prepareWorkspace } from './support/workspace';

const resultsFile = path.join(resultsDir, 'in-host-results.json');
const timeoutMs = Number(process.env.MLC_HOST_TIMEOUT_MS ?? 300_000);

async function main(): Promise<number> {
  for (const file of [extensionVsix, harnessVsix, suiteIndex]) {
    if (!fs.existsSync(file)) {
      throw new Error(`${file} is missing: run npm run package and node --import tsx test/host/build.ts`);
    }
  }
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.rmSync(resultsFile, { force: true });
  fs.rmSync(`${resultsFile}.lock`, { force: true });

  const workspace = prepareWorkspace();
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let results: RunResults;
  try {
    server = await startCodeServer({
      name: 'in-host',
      workspace: workspace.path,
      vsixes: [extensionVsix, harnessVsix],
      env: { MLC_HOST_SUITE: suiteIndex, MLC_HOST_RESULTS: resultsFile },
    });
    browser = await launchBrowser();
    await openWorkbench(browser, server.workspaceUrl, 'in-host');
    const logFile = server.logFile;
    results = await waitFor(
      `the in-host results in ${resultsFile} (code-server log: ${logFile})`,
      () => (fs.existsSync(resultsFile) ? (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as RunResults) : undefined),
      { timeoutMs, intervalMs: 250 },
    );
  } catch (err) {
    const collector = new ResultCollector('in-host');
    collector.addFailure(['in-host suite (code-server)', 'start code-server and collect the results'], err);
    results = collector.results();
    fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2));
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    workspace.dispose();
    fs.rmSync(`${resultsFile}.lock`, { force: true });
  }

  const env = Object.entries(results.environment)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
  console.log(`\nIn-host suite (code-server, test-harness extension)${env ? `: ${env}` : ''}`);
  console.log(formatSpec(results));
  return results.stats.failures === 0 && results.stats.tests > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
