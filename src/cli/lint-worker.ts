// What a worker thread of `mlc lint` runs (the CLI bundle itself, started with `lintWorkerRole` as its
// workerData): lints each batch of files it is sent and posts the results back in the same order.
// Loads the bundled schemas once, on first need.
import { parentPort } from 'node:worker_threads';
import type { LintJob, LintJobResult } from './lint-file';
import { lintJob } from './lint-file';
import { cliSchemas } from './lint-schemas';

async function lintBatch(jobs: readonly LintJob[], schemasFor: ReturnType<typeof cliSchemas>): Promise<LintJobResult[]> {
  const results: LintJobResult[] = [];
  for (const job of jobs) {
    const schemas = job.schemaVersion !== undefined ? await schemasFor(job.schemaVersion) : undefined;
    results.push(lintJob(job, schemas));
  }
  return results;
}

export function serveLintJobs(): void {
  const schemasFor = cliSchemas(() => undefined); // the main thread already warned about missing schemas
  parentPort?.on('message', (jobs: LintJob[]) => {
    lintBatch(jobs, schemasFor).then(
      (results) => parentPort?.postMessage({ results }),
      (e: unknown) => parentPort?.postMessage({ error: e instanceof Error ? e.message : String(e) }),
    );
  });
}
