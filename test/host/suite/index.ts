/**
 * Entry point of the in-host suites: the `run()` that @vscode/test-electron calls through
 * --extensionTestsPath, and that the test-harness extension calls under code-server.
 * Bundled to out/host-tests/suite/index.js next to the bundled `*.host.test.js` files; Mocha
 * itself stays external and resolves from the repository's node_modules.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { ResultCollector, type RunResults } from '../support/results';

let lastResults: RunResults | undefined;

/** The results of the last `run()`, for the harness to write out. */
export function results(): RunResults | undefined {
  return lastResults;
}

export function run(): Promise<void> {
  // MLC_HOST_GREP runs only the tests whose titles match (while working on one of them).
  const grep = process.env.MLC_HOST_GREP;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec', ...(grep ? { grep } : {}) });
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.host.test.js'))
    .sort();
  for (const file of files) {
    mocha.addFile(path.join(__dirname, file));
  }
  const collector = new ResultCollector('in-host');
  lastResults = undefined;
  const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;
  return new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        lastResults = collector.results();
        if (files.length === 0) {
          reject(new Error(`No *.host.test.js files next to ${__filename}`));
        } else if (failures > 0) {
          reject(new Error(`${failures} in-host test(s) failed`));
        } else {
          resolve();
        }
      });
      runner.on(EVENT_TEST_PASS, (test) => collector.add(test, 'passed'));
      runner.on(EVENT_TEST_FAIL, (test, err) => collector.add(test, 'failed', err));
      runner.on(EVENT_TEST_PENDING, (test) => collector.add(test, 'pending'));
    } catch (err) {
      collector.addFailure(['in-host suite', 'loading the test files'], err);
      lastResults = collector.results();
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
