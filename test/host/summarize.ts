/**
 * Prints one set of Mocha-style totals for the whole host tier from the suites' results files:
 *   node --import tsx test/host/summarize.ts ui=test-results/host/ui-results.json in-host=...
 * A missing or unreadable file counts as a failure. Exit status 1 when anything failed or no
 * test ran at all.
 */
import * as fs from 'node:fs';
import type { RunResults } from './support/results';

function main(args: string[]): number {
  let passes = 0;
  let failures = 0;
  let pending = 0;
  const parts: string[] = [];
  for (const arg of args) {
    const [label, file] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, arg];
    try {
      const { stats } = JSON.parse(fs.readFileSync(file, 'utf8')) as RunResults;
      passes += stats.passes;
      failures += stats.failures;
      pending += stats.pending;
      parts.push(`${label}: ${stats.passes}/${stats.failures}/${stats.pending}`);
    } catch (err) {
      failures += 1;
      parts.push(`${label}: no results (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  console.log('');
  console.log(`  host tier totals (passing/failing/pending per suite: ${parts.join(', ')})`);
  console.log(`  ${passes} passing`);
  console.log(`  ${failures} failing`);
  console.log(`  ${pending} pending`);
  return failures === 0 && passes + pending > 0 ? 0 : 1;
}

process.exit(main(process.argv.slice(2)));
