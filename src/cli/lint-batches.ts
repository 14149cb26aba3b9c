/** A run of consecutive jobs, `[start, end)`, given to one worker. */
export interface Batch {
  start: number;
  end: number;
}

/**
 * Splits jobs (by their sizes, in input order) into at most `count` consecutive batches of about equal
 * total size, so each worker gets one contiguous share and the results concatenate back in input order.
 */
export function planBatches(sizes: readonly number[], count: number): Batch[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  const batches: Batch[] = [];
  let start = 0;
  let acc = 0;
  for (let i = 0; i < sizes.length; i++) {
    acc += sizes[i] as number;
    const wanted = (total * (batches.length + 1)) / count;
    if (acc >= wanted && batches.length < count - 1 && i + 1 < sizes.length) {
      batches.push({ start, end: i + 1 });
      start = i + 1;
    }
  }
  if (start < sizes.length) {
    batches.push({ start, end: sizes.length });
  }
  return batches;
}

/** The batches' results, in input order (each batch's results are in its own order). */
export function mergeBatches<T>(batches: readonly Batch[], results: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  batches.forEach((b, k) => {
    const r = results[k] ?? [];
    if (r.length !== b.end - b.start) {
      throw new Error(`batch ${k} returned ${r.length} result(s) for ${b.end - b.start} job(s)`);
    }
    out.push(...r);
  });
  return out;
}

/**
 * Whether a run is big enough for workers to pay off: many files, or many bytes that can be shared
 * out (no single file holds half of them: one huge file is linted by one thread either way).
 */
export function worthWorkers(sizes: readonly number[]): boolean {
  if (sizes.length > 50) {
    return true;
  }
  const bytes = sizes.reduce((a, b) => a + b, 0);
  return bytes > 2 * 1024 * 1024 && Math.max(...sizes) <= bytes / 2;
}

/**
 * Shares of one file's linting cost, as measured on the bench corpus (`npm run bench:lint`): parsing,
 * the per-file rules with schema validation, and the cross-file pass (per file, run on the main thread).
 */
const costShares = { parse: 0.35, rules: 0.65, cross: 0.15 };

/**
 * The fraction of the bytes the main thread lints itself when `workers` threads lint the rest: the main
 * thread also parses every file for the cross-file pass and runs that pass, so it takes less than an
 * equal share — none once the workers are many.
 */
export function mainThreadShare(workers: number): number {
  if (workers <= 0) {
    return 1;
  }
  const { parse, rules, cross } = costShares;
  return Math.max(0, (1 / workers - parse - cross) / (rules + 1 / workers));
}

/** How many leading jobs (by size) make up `share` of all the bytes. */
export function leadingShare(sizes: readonly number[], share: number): number {
  const total = sizes.reduce((a, b) => a + b, 0);
  let acc = 0;
  for (let i = 0; i < sizes.length; i++) {
    if (acc >= total * share) {
      return i;
    }
    acc += sizes[i] as number;
  }
  return sizes.length;
}
