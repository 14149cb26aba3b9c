import type { RunResults, TestRecord } from './results';

/** Prints a results file the way Mocha's spec reporter prints a run (without the totals). */
export function formatSpec(results: RunResults): string {
  const lines: string[] = [''];
  let shownPath: string[] = [];
  let failureNo = 0;
  for (const test of results.tests) {
    const suites = test.titlePath.slice(0, -1);
    let common = 0;
    while (common < suites.length && common < shownPath.length && suites[common] === shownPath[common]) {
      common += 1;
    }
    for (let depth = common; depth < suites.length; depth += 1) {
      if (depth === 0) {
        lines.push('');
      }
      lines.push(`${'  '.repeat(depth + 1)}${suites[depth]}`);
    }
    shownPath = suites;
    const indent = '  '.repeat(suites.length + 1);
    if (test.state === 'passed') {
      // Like Mocha's spec reporter: durations only for tests slower than half of `slow` (75 ms).
      const slowish = test.durationMs !== undefined && test.durationMs > 37;
      lines.push(`${indent}✔ ${test.title}${slowish ? ` (${test.durationMs}ms)` : ''}`);
    } else if (test.state === 'pending') {
      lines.push(`${indent}- ${test.title}`);
    } else {
      failureNo += 1;
      lines.push(`${indent}${failureNo}) ${test.title}`);
    }
  }
  lines.push('');
  lines.push(...formatFailures(results.failures));
  return lines.join('\n');
}

export function formatFailures(failures: TestRecord[]): string[] {
  const lines: string[] = [];
  failures.forEach((test, i) => {
    lines.push(`  ${i + 1}) ${test.titlePath.slice(0, -1).join('\n       ')}`);
    lines.push(`       ${test.title}:`);
    const stack = test.error?.stack ?? test.error?.message ?? 'unknown error';
    const message = test.error?.message ?? '';
    const body = stack.includes(message) ? stack : `${message}\n${stack}`;
    for (const line of body.split('\n')) {
      lines.push(`     ${line}`.trimEnd());
    }
    lines.push('');
  });
  return lines;
}
