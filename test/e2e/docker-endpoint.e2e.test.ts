import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { runDoctorCli } from './support/cli';
import { finding } from './support/doctor';
import { writeDockerConfig, writeDockerContext } from './support/docker-config';
import { engineVersion } from './support/engine';
import { closedLoopbackPort } from './support/net';
import { fixturesDir } from './support/paths';
import { runProcess } from './support/process';
import { makeTempDir } from './support/temp';

describe('Docker endpoint resolution against the real engine', function () {
  let home: string;
  let serverVersion: string;
  let closedPort: number;

  before(async function () {
    home = await makeTempDir('home');
    serverVersion = (await engineVersion()).Version;
    closedPort = await closedLoopbackPort();
  });

  describe('DOCKER_HOST', function () {
    it('reports connection-refused for a tcp:// port on 127.0.0.1 where nothing listens', async function () {
      const host = `tcp://127.0.0.1:${closedPort}`;
      const run = await runDoctorCli({ HOME: home, DOCKER_HOST: host });
      assert.equal(run.code, 1);
      assert.deepEqual(run.json.docker.endpoint, { host, source: 'DOCKER_HOST', context: null });
      assert.equal(run.json.docker.reachable, false);
      assert.equal(run.json.docker.failure, 'connection-refused');
      assert.equal(run.json.docker.serverVersion, null);
      const reachable = finding(run.json, 'docker.reachable');
      assert.equal(reachable.status, 'error');
      assert.ok(reachable.details?.some((d) => d.includes('ECONNREFUSED')), JSON.stringify(reachable.details));
      assert.match(reachable.fix ?? '', /DOCKER_HOST/);
      assert.equal(finding(run.json, 'gpu.runtime').status, 'info');
    });

    it('probes an ssh:// endpoint through the lazily loaded dockerode bundle: connection-refused on a closed port', async function () {
      // ssh:// is the one scheme plain HTTP cannot reach, so this loads dist/docker-engine.js
      // from beside cli.js: a missing or broken lazy bundle fails here.
      const host = `ssh://mlc-e2e@127.0.0.1:${closedPort}`;
      const run = await runDoctorCli({ HOME: home, DOCKER_HOST: host });
      assert.equal(run.code, 1);
      assert.deepEqual(run.json.docker.endpoint, { host, source: 'DOCKER_HOST', context: null });
      assert.equal(run.json.docker.failure, 'connection-refused');
      assert.ok(finding(run.json, 'docker.reachable').details?.some((d) => d.includes(`127.0.0.1:${closedPort}`)));
    });

    it('takes a unix socket path verbatim, spaces included, as the docker CLI does', async function () {
      const dirWithSpace = await makeTempDir('socket dir with space');
      const link = path.join(dirWithSpace, 'docker.sock');
      await fs.symlink('/var/run/docker.sock', link);
      const run = await runDoctorCli({ HOME: home, DOCKER_HOST: `unix://${link}` });
      assert.equal(run.json.docker.reachable, true, JSON.stringify(finding(run.json, 'docker.reachable')));
      assert.equal(run.json.docker.serverVersion, serverVersion);
    });

    it('beats DOCKER_CONTEXT and the current context in config.json', async function () {
      const dockerConfig = await makeTempDir('docker-config');
      await writeDockerConfig(dockerConfig, { currentContext: 'mlc-from-config' });
      await writeDockerContext(dockerConfig, 'mlc-from-config', 'unix:///var/run/docker.sock');
      await writeDockerContext(dockerConfig, 'mlc-from-env', 'unix:///var/run/docker.sock');
      const host = `tcp://127.0.0.1:${closedPort}`;
      const run = await runDoctorCli({ HOME: home, DOCKER_CONFIG: dockerConfig, DOCKER_CONTEXT: 'mlc-from-env', DOCKER_HOST: host });
      assert.deepEqual(run.json.docker.endpoint, { host, source: 'DOCKER_HOST', context: null });
      assert.equal(run.json.docker.failure, 'connection-refused');
    });
  });

  describe('docker contexts in a temp DOCKER_CONFIG', function () {
    it('follows config.json currentContext to the context meta and reaches the engine through it', async function () {
      const dockerConfig = await makeTempDir('docker-config');
      await writeDockerConfig(dockerConfig, { auths: {}, currentContext: 'mlc-e2e-local' });
      await writeDockerContext(dockerConfig, 'mlc-e2e-local', 'unix:///var/run/docker.sock');

      // The fixture is a context store the real docker CLI accepts and resolves the same way.
      const inspect = await runProcess('docker', ['context', 'inspect', '--format', '{{.Endpoints.docker.Host}}', 'mlc-e2e-local'], {
        env: { PATH: process.env.PATH, HOME: home, DOCKER_CONFIG: dockerConfig },
      });
      assert.equal(inspect.code, 0, inspect.stderr);
      assert.equal(inspect.stdout.trim(), 'unix:///var/run/docker.sock');

      const run = await runDoctorCli({ HOME: home, DOCKER_CONFIG: dockerConfig });
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(run.json.docker.endpoint, { host: 'unix:///var/run/docker.sock', source: 'docker-config', context: 'mlc-e2e-local' });
      assert.equal(run.json.docker.reachable, true);
      assert.equal(run.json.docker.serverVersion, serverVersion);
      assert.deepEqual(run.json.docker.configProblems, []);
      assert.match(finding(run.json, 'docker.endpoint').summary, /current docker context "mlc-e2e-local"/);
      assert.equal(finding(run.json, 'docker.config').summary, `Read ${path.join(dockerConfig, 'config.json')} without problems.`);
    });

    it('lets DOCKER_CONTEXT pick a context over config.json currentContext', async function () {
      const dockerConfig = await makeTempDir('docker-config');
      await writeDockerConfig(dockerConfig, { currentContext: 'mlc-e2e-dead' });
      await writeDockerContext(dockerConfig, 'mlc-e2e-dead', `tcp://127.0.0.1:${closedPort}`);
      await writeDockerContext(dockerConfig, 'mlc-e2e-live', 'unix:///var/run/docker.sock');

      const viaConfig = await runDoctorCli({ HOME: home, DOCKER_CONFIG: dockerConfig });
      assert.deepEqual(viaConfig.json.docker.endpoint, { host: `tcp://127.0.0.1:${closedPort}`, source: 'docker-config', context: 'mlc-e2e-dead' });
      assert.equal(viaConfig.json.docker.failure, 'connection-refused');
      assert.equal(viaConfig.code, 1);

      const viaEnv = await runDoctorCli({ HOME: home, DOCKER_CONFIG: dockerConfig, DOCKER_CONTEXT: 'mlc-e2e-live' });
      assert.equal(viaEnv.code, 0, viaEnv.stderr);
      assert.deepEqual(viaEnv.json.docker.endpoint, { host: 'unix:///var/run/docker.sock', source: 'DOCKER_CONTEXT', context: 'mlc-e2e-live' });
      assert.equal(viaEnv.json.docker.reachable, true);
      assert.match(finding(viaEnv.json, 'docker.endpoint').summary, /DOCKER_CONTEXT environment variable \(context "mlc-e2e-live"\)/);
    });

    it('treats DOCKER_CONTEXT=default as the default socket even when config.json names another context', async function () {
      const dockerConfig = await makeTempDir('docker-config');
      await writeDockerConfig(dockerConfig, { currentContext: 'mlc-e2e-dead' });
      await writeDockerContext(dockerConfig, 'mlc-e2e-dead', `tcp://127.0.0.1:${closedPort}`);
      const run = await runDoctorCli({ HOME: home, DOCKER_CONFIG: dockerConfig, DOCKER_CONTEXT: 'default' });
      assert.deepEqual(run.json.docker.endpoint, { host: 'unix:///var/run/docker.sock', source: 'default', context: null });
      assert.equal(run.json.docker.reachable, true);
    });

    it('reports a context named in config.json whose meta is missing as a config problem, without crashing', async function () {
      const dockerConfig = await makeTempDir('docker-config');
      await writeDockerConfig(dockerConfig, { currentContext: 'mlc-e2e-ghost' });

      // The real docker CLI refuses this configuration too.
      const cli = await runProcess('docker', ['context', 'inspect', 'mlc-e2e-ghost'], { env: { PATH: process.env.PATH, HOME: home, DOCKER_CONFIG: dockerConfig } });
      assert.notEqual(cli.code, 0);

      const run = await runDoctorCli({ HOME: home, DOCKER_CONFIG: dockerConfig });
      assert.equal(run.code, 0, `only a warning, not an error: ${run.stderr}`);
      assert.equal(run.json.docker.configProblems.length, 1);
      const problem = run.json.docker.configProblems[0] ?? '';
      assert.match(problem, /context "mlc-e2e-ghost" is selected by config\.json but .*meta\.json does not exist/);
      const config = finding(run.json, 'docker.config');
      assert.equal(config.status, 'warning');
      assert.deepEqual(config.details, run.json.docker.configProblems);
      assert.deepEqual(run.json.docker.endpoint, { host: 'unix:///var/run/docker.sock', source: 'default', context: null });
      assert.equal(run.json.docker.reachable, true);
    });

    it('reports a context whose meta.json is not JSON, naming the context', async function () {
      const dockerConfig = await makeTempDir('docker-config');
      await writeDockerConfig(dockerConfig, { currentContext: 'mlc-e2e-broken' });
      await writeDockerContext(dockerConfig, 'mlc-e2e-broken', { raw: '{"Name":"mlc-e2e-broken","Endpoints":' });
      const run = await runDoctorCli({ HOME: home, DOCKER_CONFIG: dockerConfig });
      assert.equal(run.json.docker.configProblems.length, 1);
      assert.match(run.json.docker.configProblems[0] ?? '', /^context "mlc-e2e-broken" \(.*meta\.json\): context metadata is not valid JSON/);
      assert.equal(finding(run.json, 'docker.config').status, 'warning');
      assert.equal(run.json.docker.reachable, true);
    });
  });

  describe('a malformed docker config.json', function () {
    async function expectConfigWarning(content: string | Buffer | { directory: true }, problem: RegExp): Promise<void> {
      const dockerConfig = await makeTempDir('docker-config');
      const configPath = path.join(dockerConfig, 'config.json');
      if (typeof content === 'object' && !Buffer.isBuffer(content)) {
        await fs.mkdir(configPath);
      } else {
        await writeDockerConfig(dockerConfig, content);
      }
      const run = await runDoctorCli({ HOME: home, DOCKER_CONFIG: dockerConfig }, { timeoutMs: 15_000 });
      assert.equal(run.code, 0, `a broken config.json is a warning, not an error: ${run.stderr}`);
      assert.equal(run.stderr, '');
      assert.equal(run.json.docker.configProblems.length, 1, JSON.stringify(run.json.docker.configProblems));
      const text = run.json.docker.configProblems[0] ?? '';
      assert.ok(text.startsWith(`${configPath}: `), text);
      assert.match(text, problem);
      const config = finding(run.json, 'docker.config');
      assert.equal(config.status, 'warning');
      assert.match(config.fix ?? '', /valid JSON/);
      // The endpoint still resolves (to the default socket) and the engine is still found.
      assert.deepEqual(run.json.docker.endpoint, { host: 'unix:///var/run/docker.sock', source: 'default', context: null });
      assert.equal(run.json.docker.reachable, true);
      assert.equal(run.json.docker.serverVersion, serverVersion);
    }

    it('invalid JSON', async function () {
      await expectConfigWarning(await fs.readFile(path.join(fixturesDir, 'docker-config', 'invalid-json.json')), /not valid JSON/);
    });

    it('JSON that is not an object', async function () {
      await expectConfigWarning('["currentContext", "x"]', /not a JSON object/);
    });

    it('binary garbage', async function () {
      const garbage = Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0x1b, 0x5b, 0x32, 0x4a, 0x00, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xc3, 0x28]);
      await expectConfigWarning(Buffer.concat(Array.from({ length: 256 }, () => garbage)), /binary/);
    });

    it('a 10 MB file', async function () {
      // Valid JSON, just huge: it must be refused for its size, not parsed.
      const big = `{"currentContext": "mlc-e2e-never-read",${' '.repeat(10 * 1024 * 1024)}"auths": {}}`;
      await expectConfigWarning(big, /bytes, more than the \d+ allowed/);
    });

    it('a directory where the file should be', async function () {
      await expectConfigWarning({ directory: true }, /not a regular file/);
    });
  });
});
