import * as assert from 'node:assert/strict';
import { runDoctorCli } from './support/cli';
import { doctorInProcess, finding } from './support/doctor';
import { writeDockerConfig, writeDockerContext } from './support/docker-config';
import { engineAnswers, engineVersion, ensureEngineRunning, provision } from './support/engine';
import { dockerSocket } from './support/paths';
import { waitFor } from './support/process';
import { makeTempDir } from './support/temp';

describe('Check Environment with the Docker daemon stopped for real', function () {
  this.timeout(120_000);
  let home: string;

  before(async function () {
    home = await makeTempDir('home');
    const stopped = await provision('stop');
    assert.equal(stopped.code, 0, `docker-engine.sh stop: ${stopped.stdout}${stopped.stderr}`);
    await waitFor('the engine to stop answering', async () => !(await engineAnswers()), 30_000);
  });

  after(async function () {
    // Restart it for the files that follow, and wait until it answers again.
    await ensureEngineRunning();
  });

  it('the provisioning script reports the engine as not answering (exit 3)', async function () {
    const status = await provision('status');
    assert.equal(status.code, 3, status.stdout + status.stderr);
    assert.match(status.stdout, /not answering/);
  });

  it('reports the daemon as not running, tells the user to start it, and exits 1', async function () {
    const run = await runDoctorCli({ HOME: home });
    assert.equal(run.code, 1, run.stderr);
    const d = run.json.docker;
    assert.deepEqual(d.endpoint, { host: `unix://${dockerSocket}`, source: 'default', context: null });
    assert.equal(d.reachable, false);
    assert.ok(d.failure === 'socket-missing' || d.failure === 'connection-refused', `failure: ${String(d.failure)}`);
    assert.equal(d.serverVersion, null);
    assert.equal(d.apiVersion, null);
    assert.deepEqual(d.runtimes, []);
    assert.equal(d.nvidiaRuntime, false);
    const reachable = finding(run.json, 'docker.reachable');
    assert.equal(reachable.status, 'error');
    assert.match(reachable.summary, /not running/);
    assert.match(reachable.fix ?? '', /start the (docker )?daemon/i);
    assert.ok(reachable.details?.some((x) => x.includes(dockerSocket)), JSON.stringify(reachable.details));
    const gpu = finding(run.json, 'gpu.runtime');
    assert.equal(gpu.status, 'info');
    assert.match(gpu.summary, /could not be asked/);
    assert.equal(run.json.summary.error, 1);
  });

  it('names the docker context when the context points at the stopped daemon', async function () {
    const dockerConfig = await makeTempDir('docker-config');
    await writeDockerConfig(dockerConfig, { currentContext: 'mlc-e2e-local' });
    await writeDockerContext(dockerConfig, 'mlc-e2e-local', `unix://${dockerSocket}`);
    const run = await runDoctorCli({ HOME: home, DOCKER_CONFIG: dockerConfig });
    assert.equal(run.code, 1);
    assert.deepEqual(run.json.docker.endpoint, { host: `unix://${dockerSocket}`, source: 'docker-config', context: 'mlc-e2e-local' });
    assert.ok(run.json.docker.failure === 'socket-missing' || run.json.docker.failure === 'connection-refused');
  });

  it('the in-process gatherer agrees', async function () {
    const json = await doctorInProcess({ HOME: home });
    assert.equal(json.docker.reachable, false);
    assert.ok(json.docker.failure === 'socket-missing' || json.docker.failure === 'connection-refused');
  });

  it('after a restart through the script, the same command reports the engine reachable again', async function () {
    const started = await provision('start');
    assert.equal(started.code, 0, started.stdout + started.stderr);
    await waitFor('the engine to answer', engineAnswers, 60_000);
    const version = await engineVersion();
    assert.ok(started.stdout.includes(version.Version), `start prints the engine version: ${started.stdout}`);
    const run = await runDoctorCli({ HOME: home });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.json.docker.reachable, true);
    assert.equal(run.json.docker.serverVersion, version.Version);
  });
});
