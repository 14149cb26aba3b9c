/**
 * Mocha reporter for the UI suite: Mocha's spec output and failure details, without the totals
 * (scripts/test-host.sh prints one set of totals for the whole host tier), plus a results file
 * in the format of test/host/support/results.ts (reporter option `output`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { ResultCollector } from '../support/results';

const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;

class HostUiReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const reporterOptions = (options?.reporterOptions ?? {}) as Record<string, unknown>;
    const output = typeof reporterOptions.output === 'string' ? reporterOptions.output : 'test-results/host/ui-results.json';
    const collector = new ResultCollector('ui', { host: 'code-server (browser: chromium via playwright-core)' });
    runner.on(EVENT_TEST_PASS, (test) => collector.add(test, 'passed'));
    runner.on(EVENT_TEST_FAIL, (test, err) => collector.add(test, 'failed', err));
    runner.on(EVENT_TEST_PENDING, (test) => collector.add(test, 'pending'));
    runner.once(EVENT_RUN_END, () => {
      fs.mkdirSync(path.dirname(output), { recursive: true });
      fs.writeFileSync(output, JSON.stringify(collector.results(), null, 2));
    });
  }

  override epilogue(): void {
    Mocha.reporters.Base.consoleLog();
    if (this.failures.length > 0) {
      Mocha.reporters.Base.list(this.failures);
    }
  }
}

export = HostUiReporter;
