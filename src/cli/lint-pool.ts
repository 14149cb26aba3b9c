import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Batch } from './lint-batches';
import { mergeBatches, planBatches } from './lint-batches';
import type { LintJob, LintJobResult } from './lint-file';

/** The workerData that makes the CLI bundle serve lint jobs instead of running a command (src/cli/main.ts). */
export const lintWorkerRole = 'mlc-lint-worker';

/**
 * The worker script next to this code: the CLI bundle itself (dist/cli-main.js, so the linter ships once, not in a
 * bundle of its own), or the TypeScript source of the worker under tsx.
 */
export function lintWorkerScript(dir: string = __dirname): string | undefined {
  return ['cli-main.js', 'lint-worker.ts'].map((f) => path.join(dir, f)).find((f) => existsSync(f));
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
  return script.endsWith('.ts')
    ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)}).serveLintJobs();`, { eval: true })
    : new Worker(script, { workerData: lintWorkerRole });
}

/** A started worker, and whether it already failed or exited (before its batch was sent). */
interface StartedWorker {
  worker: Worker;
  gone?: string;
}

function runBatch({ worker, gone }: StartedWorker, jobs: readonly LintJob[]): Promise<LintJobResult[]> {
  if (gone !== undefined) {
    void worker.terminate();
    return Promise.reject(new Error(gone));
  }
  worker.ref(); // from now on the process waits for its answer
  return new Promise((resolve, reject) => {
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
 * Worker threads started ahead of the work, so their start-up (a fresh isolate, the bundle, the
 * schemas) overlaps with finding and reading the files on the main thread. Each lints one batch.
 */
export class LintWorkers {
  private readonly workers: StartedWorker[] = [];

  constructor(count: number, script: string) {
    for (let i = 0; i < count; i++) {
      try {
        const started: StartedWorker = { worker: startWorker(script) };
        started.worker.unref(); // a worker that never gets a batch never keeps the process alive
        // Until its batch is sent, a failure is only noted; the batch then goes to the fallback.
        started.worker.on('error', (e) => (started.gone ??= e.message));
        started.worker.once('exit', (code) => (started.gone ??= `the lint worker exited with code ${code}`));
        this.workers.push(started);
      } catch {
        break; // no thread could be started: the batches go to the fallback
      }
    }
  }

  get count(): number {
    return this.workers.length;
  }

  /**
   * Sends each worker one contiguous share of the jobs (balanced by text size) and returns at once so
   * the caller's thread can work meanwhile. A batch whose worker fails is linted on this thread
   * instead, through `fallback`, so a broken worker never loses findings.
   */
  lint(jobs: readonly LintJob[], fallback: (job: LintJob) => Promise<LintJobResult>): PooledLint {
    const batches: Batch[] = planBatches(jobs.map((j) => j.text.length), Math.max(1, this.workers.length));
    const pending = batches.map((b, k) => {
      const share = jobs.slice(b.start, b.end);
      const worker = this.workers[k];
      return (worker ? runBatch(worker, share) : Promise.reject(new Error('no worker'))).catch(async () => {
        const out: LintJobResult[] = [];
        for (const job of share) {
          out.push(await fallback(job));
        }
        return out;
      });
    });
    this.workers.slice(batches.length).forEach((w) => void w.worker.terminate());
    return { results: Promise.all(pending).then((r) => mergeBatches(batches, r)) };
  }

  /** Stops workers that got no work. */
  close(): void {
    this.workers.forEach((w) => void w.worker.terminate());
  }
}

/** Starts `count` workers on `script` and lints the jobs on them (see LintWorkers.lint). */
export function lintInWorkers(jobs: readonly LintJob[], count: number, script: string, fallback: (job: LintJob) => Promise<LintJobResult>): PooledLint {
  return new LintWorkers(count, script).lint(jobs, fallback);
}
