import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import * as path from 'node:path';
import { runScaffoldCommand } from '../../../src/cli/scaffold-command';
import { stackTable } from '../../../src/core/scaffold/compat';
import { planScaffold } from '../../../src/core/scaffold/plan';
import { frameworks } from '../../../src/core/scaffold/types';
import { ensureEngineRunning } from '../support/engine';
import { repoRoot, runId } from '../support/paths';
import { runProcess, waitFor } from '../support/process';
import { makeTempDir, removeTempDirs } from '../support/temp';

const label = `mlc.test=${runId}`;
const image = `mlc-scaffold-e2e:${runId}`;
const builderImage = `mlc-scaffold-e2e-builder:${runId}`;

async function docker(args: string[], timeoutMs = 60_000): Promise<string> {
  const r = await runProcess('docker', args, { timeoutMs });
  if (r.code !== 0) {
    throw new Error(`docker ${args.join(' ')} exited ${r.code}: ${r.stderr.trim()}`);
  }
  return r.stdout.trim();
}

/** Removes this run's containers, then its images, by label only. */
async function removeByLabel(): Promise<void> {
  const containers = (await docker(['ps', '-aq', '--filter', `label=${label}`])).split('\n').filter(Boolean);
  if (containers.length > 0) {
    await docker(['rm', '-f', ...containers]);
  }
  const images = [...new Set((await docker(['images', '-q', '--filter', `label=${label}`])).split('\n').filter(Boolean))];
  if (images.length > 0) {
    await docker(['rmi', '-f', ...images]);
  }
}

function request(port: number, method: string, urlPath: string, body?: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, timeout: 5000, headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from 127.0.0.1:${port}${urlPath}`)));
    req.on('error', reject);
    req.end(payload);
  });
}

describe('scaffold e2e: the CPU inference variant of examples/sentiment-api builds and serves on the real engine', function () {
  this.timeout(180_000);
  let project = '';
  let container = '';
  let port = 0;

  before(async function () {
    this.timeout(1_200_000);
    await ensureEngineRunning();
    // Idempotent; the first run on a machine builds the root file system (minutes), later runs are a no-op.
    const provision = await runProcess('bash', [path.join(repoRoot, 'scripts', 'provision', 'base-images.sh'), 'ensure'], { timeoutMs: 1_100_000 });
    assert.equal(provision.code, 0, provision.stderr);
    project = await makeTempDir('scaffold');
    await fs.cp(path.join(repoRoot, 'examples', 'sentiment-api'), project, { recursive: true });
  });

  after(async function () {
    this.timeout(120_000);
    await removeByLabel();
    await removeTempDirs();
  });

  it('mlc scaffold writes the files (replacing the example Dockerfile only because of --yes)', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runScaffoldCommand(['--out', project, '--workload', 'inference', '--cpu', '--framework', 'sklearn', '--name', 'sentiment-api', '--yes'], { write: (t: string) => out.push(t) }, { write: (t: string) => err.push(t) });
    assert.equal(code, 0, err.join(''));
    assert.match(out.join(''), /^overwrote Dockerfile$/m);
    assert.match(out.join(''), /entry app\/main\.py/);
    const dockerfile = await fs.readFile(path.join(project, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /^FROM python:3\.11\.9-slim-bookworm AS builder$/m);
    assert.match(dockerfile, /^CMD \["python", "app\/main\.py"\]$/m);
  });

  it('the image builds offline from the local stand-in base (labelled, both stages)', async () => {
    // The builder stage is built and tagged too, so the intermediate image carries the label and is removed with the rest.
    await docker(['build', '--quiet', '--label', label, '--target', 'builder', '--tag', builderImage, project], 600_000);
    await docker(['build', '--quiet', '--label', label, '--tag', image, project], 600_000);
    const config = JSON.parse(await docker(['image', 'inspect', '--format', '{{json .Config}}', image])) as { User: string; Labels: Record<string, string>; Healthcheck?: { Test: string[] }; ExposedPorts: Record<string, unknown> };
    assert.equal(config.User, '10001:10001');
    assert.equal(config.Labels['org.opencontainers.image.title'], 'sentiment-api');
    assert.equal(config.Labels['mlc.test'], runId);
    assert.deepEqual(Object.keys(config.ExposedPorts), ['5055/tcp']);
    assert.equal(config.Healthcheck?.Test[0], 'CMD');
  });

  it('training writes the model to a mounted volume, the API loads it and answers /healthz and /predict on loopback', async () => {
    const models = await makeTempDir('scaffold-models', 0o777);
    await fs.chmod(models, 0o777);
    await docker(['run', '--rm', '--label', label, '--network', 'none', '-v', `${models}:/models`, '-e', 'MODEL_DIR=/models', image, 'python', 'train.py'], 120_000);
    await fs.access(path.join(models, 'model.pkl'));

    container = await docker(['run', '-d', '--label', label, '-v', `${models}:/models:ro`, '-p', '127.0.0.1::5055', image]);
    const mapping = await docker(['port', container, '5055/tcp']);
    port = Number(/127\.0\.0\.1:(\d+)/.exec(mapping)?.[1]);
    assert.ok(port > 0, mapping);
    await waitFor('/healthz on the scaffolded container', async () => {
      try {
        return (await request(port, 'GET', '/healthz')).status === 200;
      } catch {
        return false;
      }
    }, 60_000, 200);
    const health = await request(port, 'GET', '/healthz');
    assert.deepEqual(JSON.parse(health.body), { status: 'ok' });
    const predict = await request(port, 'POST', '/predict', { text: 'a wonderful, moving film' });
    assert.equal(predict.status, 200, predict.body);
    const answer = JSON.parse(predict.body) as { label: string; score: number };
    assert.ok(['positive', 'negative'].includes(answer.label));
    assert.ok(answer.score >= 0 && answer.score <= 1);
  });

  it("the image's own HEALTHCHECK command succeeds inside the running container", async () => {
    assert.ok(container, 'the previous test started the container');
    const test = JSON.parse(await docker(['inspect', '--format', '{{json .Config.Healthcheck.Test}}', container])) as string[];
    const r = await runProcess('docker', ['exec', container, ...test.slice(1)], { timeoutMs: 30_000 });
    assert.equal(r.code, 0, r.stderr);
  });

  it('every generated sample app and training script is valid Python', async () => {
    const dir = await makeTempDir('scaffold-python');
    const written: string[] = [];
    for (const framework of frameworks) {
      const row = stackTable.find((r) => r.framework === framework);
      assert.ok(row);
      for (const [workload, server] of [['inference', 'flask'], ['inference', 'fastapi'], ['training', 'flask']] as const) {
        const plan = planScaffold({ name: 'x', workload, accelerator: row.accelerator, framework, server, port: 8000, parts: ['app'] });
        assert.ok(plan.ok);
        for (const f of plan.files) {
          const target = path.join(dir, `${framework}-${workload}-${server}-${f.path}`);
          await fs.writeFile(target, f.content);
          written.push(target);
        }
      }
    }
    const check = await runProcess('python3', ['-c', 'import ast, sys\nfor p in sys.argv[1:]:\n    ast.parse(open(p).read(), p)', ...written]);
    assert.equal(check.code, 0, check.stderr);
  });
});
