import { appendFileSync } from 'node:fs';
import * as fc from 'fast-check';

/** Cases per property: `MLC_PROPERTY_RUNS` (the benchmark raises it), small by default so the unit tier stays fast. */
export const propertyRuns = positiveInt(process.env.MLC_PROPERTY_RUNS, 300);
/**
 * Runs for an expensive property (the yaml package dominates): `MLC_PROPERTY_EXPENSIVE_RUNS`, else
 * `MLC_PROPERTY_RUNS`, else a third of the default.
 */
export const expensivePropertyRuns = positiveInt(process.env.MLC_PROPERTY_EXPENSIVE_RUNS, process.env.MLC_PROPERTY_RUNS ? propertyRuns : Math.ceil(propertyRuns / 3));
/** Fixed seed, so a failure reproduces; override with `MLC_PROPERTY_SEED`. */
export const propertySeed = positiveInt(process.env.MLC_PROPERTY_SEED, 20260301);

function positiveInt(raw: string | undefined, fallback: number): number {
  const n = Number(raw);
  return raw !== undefined && raw !== '' && Number.isInteger(n) && n > 0 ? n : fallback;
}

/** A mocha timeout that grows with the sample: a hang guard, not a speed assertion. */
export function timeoutFor(runs: number, msPerCase = 40): number {
  return 20_000 + runs * msPerCase;
}

/**
 * Runs one property with the shared sample size and seed. On failure the error names the seed and
 * the counterexample path (fast-check's report), plus how to rerun. When `MLC_PROPERTY_REPORT` names a
 * file, one JSON line `{property, runs, ms}` is appended per property (the benchmark totals them).
 */
export function checkProperty<T>(name: string, arb: fc.Arbitrary<T>, predicate: (value: T) => void, runs = propertyRuns): void {
  if (process.env.MLC_PROPERTY_COLLECT === '1') {
    collectFailures(name, arb, predicate, runs);
    return;
  }
  const started = performance.now();
  const details = fc.check(fc.property(arb, (v) => { predicate(v); }), { numRuns: runs, seed: propertySeed });
  if (details.failed) {
    const hint = `rerun: MLC_PROPERTY_SEED=${propertySeed} MLC_PROPERTY_RUNS=${runs} (property "${name}", seed ${details.seed}, path "${details.counterexamplePath ?? ''}")`;
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    const report = (fc.defaultReportMessage(details) ?? 'property failed').replace(/Counterexample: (.{600}).*/, 'Counterexample (cut): $1…');
    throw new Error(`${report}\nCause: ${cause}\n${hint}`);
  }
  record({ property: name, runs: details.numRuns, ms: Math.round(performance.now() - started), failures: 0 });
}

function record(line: { property: string; runs: number; ms: number; failures: number }): void {
  const report = process.env.MLC_PROPERTY_REPORT;
  if (report) {
    appendFileSync(report, `${JSON.stringify(line)}\n`);
  }
}

/**
 * `MLC_PROPERTY_COLLECT=1` (the benchmark): runs every case even after a failure, groups failures by
 * their message with digits blanked, and fails at the end with each group's count and shortest input.
 * No shrinking; rerun without it to get a shrunk counterexample.
 */
function collectFailures<T>(name: string, arb: fc.Arbitrary<T>, predicate: (value: T) => void, runs: number): void {
  const started = performance.now();
  const groups = new Map<string, { count: number; example: T; size: number; message: string }>();
  let failures = 0;
  fc.assert(fc.property(arb, (v) => {
    try {
      predicate(v);
    } catch (e) {
      failures++;
      const message = e instanceof Error ? e.message.split('\n')[0] ?? '' : String(e);
      const key = message.replace(/\d+/g, 'N').slice(0, 200);
      const size = JSON.stringify(v).length;
      const g = groups.get(key);
      if (!g) {
        groups.set(key, { count: 1, example: v, size, message });
      } else {
        g.count++;
        if (size < g.size) {
          Object.assign(g, { example: v, size, message });
        }
      }
    }
  }), { numRuns: runs, seed: propertySeed });
  record({ property: name, runs, ms: Math.round(performance.now() - started), failures });
  if (groups.size > 0) {
    const lines = [...groups.values()].map((g) => `- ${g.count}× ${g.message}\n  shortest input: ${JSON.stringify(g.example).slice(0, 400)}`);
    throw new Error(`property "${name}": ${failures} of ${runs} cases failed (seed ${propertySeed}), ${groups.size} distinct failure(s):\n${lines.join('\n')}`);
  }
}
