/**
 * The results file format shared by the in-host suite (written by the test-harness extension),
 * the browser UI suite (written by its reporter) and the printers in scripts/test-host.sh.
 */
export type TestState = 'passed' | 'failed' | 'pending';

export interface TestError {
  message: string;
  stack?: string;
}

export interface TestRecord {
  /** Suite titles from the outermost, then the test (or hook) title. */
  titlePath: string[];
  title: string;
  fullTitle: string;
  state: TestState;
  durationMs?: number;
  error?: TestError;
}

export interface RunResults {
  suite: string;
  startedAt: string;
  finishedAt: string;
  /** Free-form facts about where the run happened (VS Code version, trust, ...). */
  environment: Record<string, string | boolean | undefined>;
  stats: { tests: number; passes: number; failures: number; pending: number; durationMs: number };
  /** Every test in the order it finished. */
  tests: TestRecord[];
  passes: TestRecord[];
  failures: TestRecord[];
  pending: TestRecord[];
}

/** The parts of a Mocha runnable the collector reads (Mocha.Test and Mocha.Hook both fit). */
export interface RunnableLike {
  title: string;
  duration?: number;
  titlePath(): string[];
  fullTitle(): string;
}

export function toError(err: unknown): TestError {
  if (err instanceof Error) {
    return err.stack ? { message: err.message, stack: err.stack } : { message: err.message };
  }
  return { message: String(err) };
}

/** Collects records as Mocha reports them and assembles a RunResults. */
export class ResultCollector {
  private readonly records: TestRecord[] = [];
  private readonly started = new Date();

  constructor(
    private readonly suite: string,
    private readonly environment: RunResults['environment'] = {},
  ) {}

  add(test: RunnableLike, state: TestState, err?: unknown): void {
    const record: TestRecord = { titlePath: test.titlePath(), title: test.title, fullTitle: test.fullTitle(), state };
    if (state !== 'pending' && test.duration !== undefined) {
      record.durationMs = test.duration;
    }
    if (state === 'failed') {
      record.error = toError(err);
    }
    this.records.push(record);
  }

  /** A failure that happened outside Mocha (the suite could not be loaded, no results came back). */
  addFailure(titlePath: string[], err: unknown): void {
    const title = titlePath[titlePath.length - 1] ?? 'unknown';
    this.records.push({ titlePath, title, fullTitle: titlePath.join(' '), state: 'failed', error: toError(err) });
  }

  results(extraEnvironment: RunResults['environment'] = {}): RunResults {
    const by = (state: TestState) => this.records.filter((r) => r.state === state);
    const finished = new Date();
    return {
      suite: this.suite,
      startedAt: this.started.toISOString(),
      finishedAt: finished.toISOString(),
      environment: { ...this.environment, ...extraEnvironment },
      stats: {
        tests: this.records.length,
        passes: by('passed').length,
        failures: by('failed').length,
        pending: by('pending').length,
        durationMs: finished.getTime() - this.started.getTime(),
      },
      tests: [...this.records],
      passes: by('passed'),
      failures: by('failed'),
      pending: by('pending'),
    };
  }
}
