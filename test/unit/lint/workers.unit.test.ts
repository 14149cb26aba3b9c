import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { leadingShare, mainThreadShare, mergeBatches, planBatches, worthWorkers } from '../../../src/cli/lint-batches';
import { lintJob } from '../../../src/cli/lint-file';
import type { LintJob } from '../../../src/cli/lint-file';
import { defaultWorkerCount, lintInWorkers, LintWorkers, lintWorkerScript } from '../../../src/cli/lint-pool';
import { emptyConfig } from '../../../src/core/lint/config';
import { useLintRepo } from './support/lint-repo';

function deployment(i: number): string {
  const image = i % 3 === 0 ? 'python:latest' : 'registry.example/app:1.2.3';
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w${i}\n  namespace: ml\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: w${i}\n  template:\n    metadata:\n      labels:\n        app: w${i}\n    spec:\n      containers:\n        - name: main\n          image: ${image}\n          resources:\n            limits:\n              nvidia.com/gpu: ${i % 4}\n`;
}

function service(i: number): string {
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: s${i}\n  namespace: ml\nspec:\n  selector:\n    app: w${i + 1}x\n  ports:\n    - port: 80\n      targetPort: http\n`;
}

describe('lint batches', () => {
  it('cover every job once, in order, in at most the asked number of batches', () => {
    for (const sizes of [[], [5], [1, 1, 1, 1, 1, 1, 1], [100, 1, 1, 1], [1, 1, 1, 100], [3, 9, 2, 7, 7, 1, 4, 8, 2, 2, 6]]) {
      for (const count of [1, 2, 3, 4, 8]) {
        const batches = planBatches(sizes, count);
        assert.ok(batches.length <= Math.max(1, count), `${sizes.join(',')} / ${count}`);
        assert.deepEqual(batches.flatMap((b) => Array.from({ length: b.end - b.start }, (_, k) => b.start + k)), sizes.map((_, i) => i));
        assert.ok(batches.every((b) => b.end > b.start));
      }
    }
  });

  it('balance equal sizes evenly', () => {
    assert.deepEqual(planBatches(new Array(8).fill(10), 4), [{ start: 0, end: 2 }, { start: 2, end: 4 }, { start: 4, end: 6 }, { start: 6, end: 8 }]);
  });

  it('merge results back in input order and refuse a short batch', () => {
    const batches = [{ start: 0, end: 2 }, { start: 2, end: 3 }];
    assert.deepEqual(mergeBatches(batches, [['a', 'b'], ['c']]), ['a', 'b', 'c']);
    assert.throws(() => mergeBatches(batches, [['a'], ['c']]), /batch 0 returned 1 result/);
  });

  it('are worth it past 50 files, or past 2 MB that no single file dominates', () => {
    const mb = 1024 * 1024;
    assert.equal(worthWorkers(new Array(50).fill(1000)), false);
    assert.equal(worthWorkers(new Array(51).fill(1000)), true);
    assert.equal(worthWorkers([mb, mb, mb]), true);
    assert.equal(worthWorkers([mb, mb / 2]), false);
    assert.equal(worthWorkers([5 * mb, mb]), false);
  });
});

describe('main thread share', () => {
  it('is everything without workers, less than an equal share with one, and nothing once workers are many', () => {
    assert.equal(mainThreadShare(0), 1);
    const one = mainThreadShare(1);
    assert.ok(one > 0 && one < 0.5, String(one));
    assert.ok(mainThreadShare(2) < one);
    assert.equal(mainThreadShare(3), 0);
    assert.equal(mainThreadShare(16), 0);
  });

  it('is cut from the leading jobs by bytes', () => {
    assert.equal(leadingShare([10, 10, 10, 10], 0), 0);
    assert.equal(leadingShare([10, 10, 10, 10], 0.5), 2);
    assert.equal(leadingShare([10, 10, 10, 10], 0.3), 2);
    assert.equal(leadingShare([10, 10, 10, 10], 1), 4);
    assert.equal(leadingShare([100, 1, 1], 0.2), 1);
    assert.equal(leadingShare([], 0.5), 0);
  });
});

describe('lint worker count', () => {
  it('is none below 4 cores, then one per core past the first up to 3, unless MLC_LINT_WORKERS says', () => {
    assert.deepEqual([1, 2, 3, 4, 8, 64].map((cores) => defaultWorkerCount({}, cores)), [0, 0, 0, 3, 3, 3]);
    assert.equal(defaultWorkerCount({ MLC_LINT_WORKERS: '2' }, 2), 2);
    assert.equal(defaultWorkerCount({ MLC_LINT_WORKERS: '0' }, 16), 0);
    assert.equal(defaultWorkerCount({ MLC_LINT_WORKERS: 'many' }, 16), 3);
  });
});

describe('lint worker pool', () => {
  it('lints every batch on its workers and returns the results in input order', async () => {
    const script = lintWorkerScript(`${__dirname}/../../../src/cli`);
    assert.ok(script, 'the worker script is found next to the pool');
    const jobs: LintJob[] = Array.from({ length: 12 }, (_, i) => ({ kind: 'kubernetes', text: deployment(i), config: emptyConfig(), path: `m${i}.yaml`, noInlineIgnores: false }));
    jobs.push({ kind: 'dockerfile', text: 'FROM python:latest\nRUN pip install torch\n', config: emptyConfig(), path: 'Dockerfile', noInlineIgnores: false, contextDir: __dirname });
    let fellBack = 0;
    const pooled = await lintInWorkers(jobs, 3, script, (job) => {
      fellBack++;
      return Promise.resolve(lintJob(job, undefined));
    }).results;
    assert.equal(fellBack, 0);
    assert.deepEqual(pooled, jobs.map((j) => lintJob(j, undefined)));
    assert.ok(pooled.every((r) => r.findings.length > 0));
  });

  it('lints a batch here when its worker cannot start', async () => {
    const jobs: LintJob[] = [{ kind: 'kubernetes', text: deployment(1), config: emptyConfig(), path: 'm.yaml', noInlineIgnores: false }];
    let fellBack = 0;
    const pooled = await lintInWorkers(jobs, 2, `${__dirname}/no-such-worker.js`, (job) => {
      fellBack++;
      return Promise.resolve(lintJob(job, undefined));
    }).results;
    assert.equal(fellBack, 1);
    assert.deepEqual(pooled, [lintJob(jobs[0] as LintJob, undefined)]);
  });
});

describe('lint workers started ahead', () => {
  it('lint on the fallback when a worker died before its batch was sent, without waiting for it', async () => {
    const workers = new LintWorkers(2, `${__dirname}/no-such-worker.js`);
    assert.equal(workers.count, 2);
    await new Promise((r) => setTimeout(r, 500)); // both fail to load meanwhile
    const jobs: LintJob[] = [1, 2, 3].map((i) => ({ kind: 'kubernetes', text: deployment(i), config: emptyConfig(), path: `m${i}.yaml`, noInlineIgnores: false }));
    let fellBack = 0;
    const results = await workers.lint(jobs, (job) => {
      fellBack++;
      return Promise.resolve(lintJob(job, undefined));
    }).results;
    assert.equal(fellBack, 3);
    assert.deepEqual(results, jobs.map((j) => lintJob(j, undefined)));
  });

  it('never keep the process alive when they get no work', () => {
    const script = lintWorkerScript(`${__dirname}/../../../src/cli`) as string;
    const code = `const { LintWorkers } = require(${JSON.stringify(`${__dirname}/../../../src/cli/lint-pool.ts`)}); new LintWorkers(2, ${JSON.stringify(script)}); console.log('started');`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.signal, null, 'the process ended by itself');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), 'started');
  });
});

describe('mlc lint on worker threads', function () {
  // Each test starts up to four V8 isolates; on a loaded 2-core machine that alone can pass mocha's default 10 s.
  this.timeout(60_000);
  const repo = useLintRepo('workers');
  beforeEach(() => {
    for (let i = 0; i < 60; i++) {
      repo.write(`k8s/app-${String(i).padStart(2, '0')}.yaml`, `${deployment(i)}---\n${service(i)}`);
    }
    repo.write('k8s/crlf.yaml', deployment(99).replace(/\n/g, '\r\n'));
    repo.write('k8s/broken.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n');
    repo.write('k8s/template.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n');
    repo.write('bad/.mlc.yaml', 'rules: 5\n');
    repo.write('bad/app.yaml', deployment(7));
    repo.write('svc/Dockerfile', 'FROM python:latest\nRUN apt-get update && apt-get install -y curl\nCOPY missing.txt /app/\n');
    repo.write('svc/compose.yaml', 'services:\n  web:\n    build:\n      context: .\n      target: nope\n    image: web:latest\n');
  });

  for (const format of ['json', 'text', 'sarif']) {
    it(`prints byte for byte what the single-threaded run prints (${format})`, async () => {
      const args = ['.', '--format', format, '--failure-threshold', 'warning'];
      const here = await repo.lintWithWorkers(0, ...args);
      const pooled = await repo.lintWithWorkers(3, ...args);
      assert.ok(here.out.length > 1000, 'the corpus has findings');
      assert.match(here.err, /invalid config bad\/\.mlc\.yaml/);
      assert.equal(pooled.out, here.out);
      assert.equal(pooled.err, here.err);
      assert.equal(pooled.code, here.code);
    });
  }

  it('prints the same with one worker beside the main thread', async () => {
    const args = ['.', '--format', 'json', '--failure-threshold', 'none'];
    const here = await repo.lintWithWorkers(0, ...args);
    const pooled = await repo.lintWithWorkers(1, ...args);
    assert.ok(here.out.length > 1000);
    assert.deepEqual(pooled, here);
  });
});
