// The GPU inference variant builds on the real engine from the CUDA base stand-in
// (scripts/provision/base-images.sh tags a CPU Debian image with the nvidia/cuda names: the build
// path and the Dockerfile's logic are exercised, not CUDA), and the run request our GPU run profile
// builds for the image carries the GPU device request; on this GPU-less engine the start fails and
// maps to the clear sentence.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type Docker from 'dockerode';
import { runScaffoldCommand } from '../../../src/cli/scaffold-command';
import { stackTable } from '../../../src/core/scaffold/compat';
import { defaultShmBytes, type RunProfile } from '../../../src/core/docker/run-profile';
import type { DockerConnection } from '../../../src/infra/docker/docker-connection';
import { runProfile } from '../../../src/infra/docker/run-container';
import { removeLabelled, testConnection, testLabel } from '../docker/support';
import { engineGet, ensureEngineRunning } from '../support/engine';
import { repoRoot, runId } from '../support/paths';
import { runProcess } from '../support/process';
import { makeTempDir } from '../support/temp';

const image = `mlc-scaffold-gpu-e2e:${runId}`;
const gpuRow = stackTable.find((r) => r.id === 'xgboost-2.1.1-cuda12');

async function docker(args: string[], timeoutMs = 60_000): Promise<string> {
  const r = await runProcess('docker', args, { timeoutMs });
  if (r.code !== 0) {
    throw new Error(`docker ${args.join(' ')} exited ${r.code}: ${r.stderr.trim()}`);
  }
  return r.stdout.trim();
}

describe('scaffold e2e: the GPU inference variant builds on the CUDA stand-in and asks for GPUs when run', function () {
  this.timeout(180_000);
  let project = '';
  let connection: DockerConnection;

  before(async function () {
    this.timeout(1_200_000);
    await ensureEngineRunning();
    const provision = await runProcess('bash', [path.join(repoRoot, 'scripts', 'provision', 'base-images.sh'), 'ensure'], { timeoutMs: 1_100_000 });
    assert.equal(provision.code, 0, provision.stderr);
    project = await makeTempDir('scaffold-gpu');
    await fs.cp(path.join(repoRoot, 'examples', 'sentiment-api'), project, { recursive: true });
    connection = testConnection();
  });

  after(async function () {
    this.timeout(120_000);
    connection?.dispose();
    await removeLabelled();
  });

  it('every GPU row of the compatibility table has its runtime base, and a -devel sibling, on the local engine', async () => {
    const bases = [...new Set(stackTable.filter((r) => r.accelerator === 'gpu').map((r) => r.baseImage))];
    assert.ok(bases.length > 0 && bases.every((b) => /^nvidia\/cuda:.*-runtime-/.test(b)), bases.join(', '));
    for (const base of [...bases, ...bases.map((b) => b.replace('-runtime-', '-devel-'))]) {
      const r = await runProcess('docker', ['image', 'inspect', '--format', '{{.Id}}', base]);
      assert.equal(r.code, 0, `${base} is missing: ${r.stderr}`);
    }
  });

  it('mlc scaffold --gpu writes a CUDA-runtime Dockerfile for the example (its own requirements, its entry point)', async () => {
    assert.ok(gpuRow, 'the table has the XGBoost CUDA 12 row');
    const err: string[] = [];
    const code = await runScaffoldCommand(['--out', project, '--workload', 'inference', '--gpu', '--framework', 'xgboost', '--name', 'sentiment-gpu', '--yes'], { write: () => undefined }, { write: (t: string) => err.push(t) });
    assert.equal(code, 0, err.join(''));
    const dockerfile = await fs.readFile(path.join(project, 'Dockerfile'), 'utf8');
    assert.deepEqual([...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]), [gpuRow.baseImage, gpuRow.baseImage]);
    assert.match(dockerfile, /apt-get install -y --no-install-recommends python3 python3-venv python3-pip/);
    assert.match(dockerfile, /^CMD \["python", "app\/main\.py"\]$/m);
  });

  it('the image builds offline (--network none) and carries the NVIDIA environment, the non-root user and the base label', async () => {
    assert.ok(gpuRow);
    await docker(['build', '--quiet', '--network', 'none', '--label', `mlc.test=${runId}`, '--tag', image, project], 600_000);
    const config = JSON.parse(await docker(['image', 'inspect', '--format', '{{json .Config}}', image])) as { User: string; Env: string[]; Labels: Record<string, string>; Healthcheck?: { Test: string[] } };
    assert.equal(config.User, '10001:10001');
    assert.ok(config.Env.includes('NVIDIA_VISIBLE_DEVICES=all'), config.Env.join(' '));
    assert.ok(config.Env.includes('NVIDIA_DRIVER_CAPABILITIES=compute,utility'), config.Env.join(' '));
    assert.equal(config.Labels['org.opencontainers.image.base.name'], gpuRow.baseImage);
    assert.equal(config.Healthcheck?.Test[0], 'CMD');
    // The application's dependencies are importable from the runtime stage's virtual environment.
    const imports = await runProcess('docker', ['run', '--rm', '--network', 'none', '--label', `mlc.test=${runId}`, image, 'python', '-c', 'import flask, sklearn, joblib'], { timeoutMs: 120_000 });
    assert.equal(imports.code, 0, imports.stderr);
  });

  it('the GPU run profile creates the container with the GPU DeviceRequest; the start fails with the clear message', async () => {
    const api: Docker = await connection.api();
    const profile: RunProfile = { image, gpu: { kind: 'all' }, shm: { kind: 'size', bytes: defaultShmBytes }, ports: [], mounts: [], env: [], restart: { name: 'no' }, labels: testLabel };
    const result = await runProfile(api, profile);
    assert.equal(result.ok, false, 'no GPU on this engine');
    assert.ok(!result.ok);
    assert.equal(result.stage, 'start');
    assert.equal(result.explanation?.kind, 'no-gpu-support');
    assert.match(result.explanation?.message ?? '', /^This container asks for GPUs, but this Docker Engine has no NVIDIA GPU support/);
    assert.ok(result.id, 'the created container stays, as with docker run');
    const inspect = await engineGet<{ Config: { Image: string }; HostConfig: { DeviceRequests: unknown } }>(`/containers/${result.id}/json`);
    assert.equal(inspect.status, 200);
    assert.equal(inspect.body.Config.Image, image);
    assert.deepEqual(inspect.body.HostConfig.DeviceRequests, [{ Driver: '', Count: -1, DeviceIDs: null, Capabilities: [['gpu']], Options: null }]);
    await api.getContainer(result.id).remove({ force: true });
    const gone = await engineGet<unknown>(`/containers/${result.id}/json`);
    assert.equal(gone.status, 404);
  });
});
