import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Batch } from './lint-batches';
import { mergeBatches, planBatches } from './lint-batches';
import type { LintJob, LintJobResult } from './lint-file';

/** The worker script next to this code: dist/lint-worker.js in the bundle, the TypeScript source under tsx. */
export function lintWorkerScript(dir: string = __dirname): string | undefined {
  return ['lint-worker.js', 'lint-worker.ts'].map((f) => path.join(dir, f)).find((f) => existsSync(f));
}

/** Fewer cores than this: no workers by default (measured on 2 cores: one worker cost 65% more CPU, and more time). */
const minCoresForWorkers = 4;

/**
 * Worker threads for a big run, besides the main thread (which lints a share too): `MLC_LINT_WORKERS`
 * when set (0 turns them off); else none below 4 cores, where each worker's start-up and its second
 * round of JIT warm-up cost more than the share it takes; else 3 (4 threads in all).
 */
export function defaultWorkerCount(env: NodeJS.ProcessEnv = process.env, cores: number = availableParallelism()): number {
  const set = env.MLC_LINT_WORKERS;
  if (set !== undefined && /^\d+$/.test(set)) {
    return Number(set);
  }
  return cores < minCoresForWorkers ? 0 : Math.min(cores, 4) - 1;
}

/** A worker on the script; the TypeScript source (tests, running from source) loads through tsx. */
function startWorker(script: string): Worker {
  return script.endsWith('.ts') ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { eval: true }) : new Worker(script);
}

function runBatch(script: string, jobs: readonly LintJob[]): Promise<LintJobResult[]> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(script);
    let settled = false;
    const settle = (fn: () => void): void => {
      if (!settled) {
        settled = true;
        fn();
        void worker.terminate();
      }
    };
    worker.once('message', (m: { results?: LintJobResult[]; error?: string }) => settle(() => (m.results ? resolve(m.results) : reject(new Error(m.error ?? 'no results')))));
    worker.once('error', (e) => settle(() => reject(e)));
    worker.once('messageerror', (e) => settle(() => reject(e)));
    worker.once('exit', (code) => settle(() => reject(new Error(`the lint worker exited with code ${code} before answering`))));
    worker.postMessage(jobs);
  });
}

export interface PooledLint {
  /** Settles when every batch is back; results in input order. */
  results: Promise<LintJobResult[]>;
}

/**
 * Starts `count` workers, each with one contiguous share of the jobs (balanced by text size), and
 * returns at once so the caller's thread can work meanwhile. A batch whose worker fails is linted on
 * this thread instead, through `fallback`, so a broken worker never loses findings.
 */
export function lintInWorkers(jobs: readonly LintJob[], count: number, script: string, fallback: (job: LintJob) => Promise<LintJobResult>): PooledLint {
  const batches: Batch[] = planBatches(jobs.map((j) => j.text.length), count);
  const pending = batches.map((b) => {
    const share = jobs.slice(b.start, b.end);
    return runBatch(script, share).catch(async () => {
      const out: LintJobResult[] = [];
      for (const job of share) {
        out.push(await fallback(job));
      }
      return out;
    });
  });
  return { results: Promise.all(pending).then((r) => mergeBatches(batches, r)) };
}
