import * as assert from 'node:assert/strict';
import { runDoctorCli } from './support/cli';
import { doctorInProcess, finding } from './support/doctor';
import { engineInfo, engineVersion, type EngineInfo, type EngineVersion } from './support/engine';
import { makeTempDir } from './support/temp';

describe('Check Environment against a running Docker Engine', function () {
  let home: string;
  let version: EngineVersion;
  let info: EngineInfo;

  before(async function () {
    home = await makeTempDir('home');
    // What the engine itself says, asked over its socket without the code under test.
    [version, info] = await Promise.all([engineVersion(), engineInfo()]);
  });

  it('reports the engine reachable with the version, API version and runtimes the engine itself reports', async function () {
    const run = await runDoctorCli({ HOME: home });
    assert.equal(run.code, 0, run.stderr);
    const d = run.json.docker;
    assert.deepEqual(d.endpoint, { host: 'unix:///var/run/docker.sock', source: 'default', context: null });
    assert.equal(d.reachable, true);
    assert.equal(d.failure, null);
    assert.equal(d.serverVersion, version.Version);
    assert.equal(d.apiVersion, version.ApiVersion);
    assert.deepEqual(d.runtimes, Object.keys(info.Runtimes).sort());
    assert.ok(d.runtimes.includes('runc'), `runtimes: ${d.runtimes.join(', ')}`);
    assert.equal(d.defaultRuntime, info.DefaultRuntime);
    assert.equal(d.nvidiaRuntime, false);
    assert.deepEqual(d.configProblems, []);
    const reachable = finding(run.json, 'docker.reachable');
    assert.equal(reachable.status, 'ok');
    assert.ok(reachable.summary.includes(`Docker Engine ${version.Version} (API ${version.ApiVersion}, ${version.Os}/${version.Arch})`), reachable.summary);
    assert.equal(finding(run.json, 'docker.config').status, 'ok');
    assert.equal(finding(run.json, 'docker.endpoint').status, 'info');
  });

  it('warns that GPU containers cannot start: no NVIDIA runtime is registered', async function () {
    const run = await runDoctorCli({ HOME: home });
    const gpu = finding(run.json, 'gpu.runtime');
    assert.equal(gpu.status, 'warning');
    assert.match(gpu.summary, /No NVIDIA runtime/);
    assert.match(gpu.summary, /could not select device driver/);
    assert.ok(gpu.summary.includes('runc'), gpu.summary);
    assert.match(gpu.fix ?? '', /nvidia-ctk runtime configure/);
    assert.deepEqual(run.json.summary, { ok: 2, info: 3, warning: 1, error: 0 });
  });

  it('gives the same Docker facts when the gatherer is called in-process as the CLI prints', async function () {
    const [inProcess, cli] = await Promise.all([doctorInProcess({ HOME: home }), runDoctorCli({ HOME: home })]);
    assert.deepEqual(inProcess.docker, cli.json.docker);
    assert.deepEqual(
      inProcess.findings.map((f) => [f.id, f.status]),
      cli.json.findings.map((f) => [f.id, f.status]),
    );
  });

  it('reaches the engine through an explicit DOCKER_HOST=unix:///var/run/docker.sock', async function () {
    const run = await runDoctorCli({ HOME: home, DOCKER_HOST: 'unix:///var/run/docker.sock' });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.json.docker.endpoint, { host: 'unix:///var/run/docker.sock', source: 'DOCKER_HOST', context: null });
    assert.equal(run.json.docker.reachable, true);
    assert.equal(run.json.docker.serverVersion, version.Version);
    assert.match(finding(run.json, 'docker.endpoint').summary, /DOCKER_HOST environment variable/);
  });
});
