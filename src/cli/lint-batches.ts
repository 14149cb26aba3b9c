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
