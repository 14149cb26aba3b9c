import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { dockerConfigDir, resolveDockerEndpointFromDisk } from '../../../../src/infra/docker/read-cli-config';
import { useTempDir, writeFile } from '../../support/temp-dir';

const contextId = (name: string) => createHash('sha256').update(name).digest('hex');

/** Writes a docker context the way `docker context create` stores it. */
async function writeContext(configDir: string, name: string, host: string, options: { skipTlsVerify?: boolean; tls?: boolean } = {}): Promise<{ metaPath: string; tlsDir: string }> {
  const id = contextId(name);
  const metaPath = await writeFile(
    configDir,
    path.join('contexts', 'meta', id, 'meta.json'),
    JSON.stringify({ Name: name, Metadata: { Description: `${name} engine` }, Endpoints: { docker: { Host: host, SkipTLSVerify: options.skipTlsVerify ?? false } } }),
  );
  const tlsDir = path.join(configDir, 'contexts', 'tls', id, 'docker');
  if (options.tls) {
    for (const pem of ['ca.pem', 'cert.pem', 'key.pem']) {
      await writeFile(tlsDir, pem, `-----BEGIN ${pem}-----\n`);
    }
  }
  return { metaPath, tlsDir };
}

describe('infra/docker/read-cli-config', () => {
  const tmp = useTempDir('docker-config');

  describe('dockerConfigDir', () => {
    it('is DOCKER_CONFIG when set, else ~/.docker', () => {
      assert.equal(dockerConfigDir({ DOCKER_CONFIG: '/etc/docker-cli', HOME: '/home/ada' }), '/etc/docker-cli');
      assert.equal(dockerConfigDir({ HOME: '/home/ada' }), path.join('/home/ada', '.docker'));
      assert.equal(dockerConfigDir({ DOCKER_CONFIG: '', HOME: '/home/ada' }), path.join('/home/ada', '.docker'));
    });
  });

  describe('resolveDockerEndpointFromDisk', () => {
    it('resolves config.json\'s current context through its meta.json and TLS folder', async () => {
      const dir = tmp();
      const configPath = await writeFile(dir, 'config.json', JSON.stringify({ auths: { 'ghcr.io': { auth: 'c2VjcmV0' } }, currentContext: 'gpu-box' }));
      const { tlsDir } = await writeContext(dir, 'gpu-box', 'tcp://gpu-box.lab:2376', { tls: true });
      const result = await resolveDockerEndpointFromDisk({ DOCKER_CONFIG: dir }, 'linux');
      assert.deepEqual(result, {
        endpoint: { host: 'tcp://gpu-box.lab:2376', source: 'docker-config', contextName: 'gpu-box', tls: { verify: true, certPath: tlsDir } },
        problems: [],
        configPath,
      });
      assert.equal(tlsDir, path.join(dir, 'contexts', 'tls', createHash('sha256').update('gpu-box').digest('hex'), 'docker'));
    });

    it('honours SkipTLSVerify and leaves TLS out for a context without a TLS folder', async () => {
      const dir = tmp();
      await writeFile(dir, 'config.json', '{"currentContext":"lab"}');
      await writeContext(dir, 'lab', 'tcp://lab:2376', { tls: true, skipTlsVerify: true });
      await writeContext(dir, 'plain', 'tcp://plain:2375');
      const lab = await resolveDockerEndpointFromDisk({ DOCKER_CONFIG: dir }, 'linux');
      assert.equal(lab.endpoint.tls?.verify, false);
      const plain = await resolveDockerEndpointFromDisk({ DOCKER_CONFIG: dir, DOCKER_CONTEXT: 'plain' }, 'linux');
      assert.deepEqual(plain.endpoint, { host: 'tcp://plain:2375', source: 'DOCKER_CONTEXT', contextName: 'plain' });
    });

    it('lets DOCKER_CONTEXT beat config.json and DOCKER_HOST beat both', async () => {
      const dir = tmp();
      await writeFile(dir, 'config.json', '{"currentContext":"colima"}');
      await writeContext(dir, 'colima', 'unix:///Users/cy/.colima/default/docker.sock');
      await writeContext(dir, 'rootless', 'unix:///run/user/1000/docker.sock');
      const byVariable = await resolveDockerEndpointFromDisk({ DOCKER_CONFIG: dir, DOCKER_CONTEXT: 'rootless' }, 'linux');
      assert.deepEqual(byVariable.endpoint, { host: 'unix:///run/user/1000/docker.sock', source: 'DOCKER_CONTEXT', contextName: 'rootless' });
      const byHost = await resolveDockerEndpointFromDisk({ DOCKER_CONFIG: dir, DOCKER_CONTEXT: 'rootless', DOCKER_HOST: 'tcp://127.0.0.1:2375' }, 'linux');
      assert.deepEqual(byHost.endpoint, { host: 'tcp://127.0.0.1:2375', source: 'DOCKER_HOST' });
      const byDefault = await resolveDockerEndpointFromDisk({ DOCKER_CONFIG: dir, DOCKER_CONTEXT: 'default' }, 'linux');
      assert.deepEqual(byDefault.endpoint, { host: 'unix:///var/run/docker.sock', source: 'default' });
    });

    it('reads no context when the setting is given, so a broken context does not matter', async () => {
      const dir = tmp();
      await writeFile(dir, 'config.json', '{"currentContext":"ghost"}');
      const result = await resolveDockerEndpointFromDisk({ DOCKER_CONFIG: dir, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }, 'linux', 'tcp://10.0.0.9:2376');
      assert.deepEqual(result.endpoint, { host: 'tcp://10.0.0.9:2376', source: 'setting', tls: { verify: true, certPath: '/certs' } });
      assert.deepEqual(result.problems, []);
    });

    it('reports a selected context whose meta.json is missing, and uses the default endpoint', async () => {
      const dir = tmp();
      await writeFile(dir, 'config.json', '{"currentContext":"ghost"}');
      const result = await resolveDockerEndpointFromDisk({ DOCKER_CONFIG: dir }, 'linux');
      const metaPath = path.join(dir, 'contexts', 'meta', contextId('ghost'), 'meta.json');
      assert.deepEqual(result.endpoint, { host: 'unix:///var/run/docker.sock', source: 'default' });
      assert.deepEqual(result.problems, [`context "ghost" is selected by config.json but ${metaPath} does not exist; the docker CLI would fail too.`]);
    });

    it('names DOCKER_CONTEXT when it selected the missing context', async () => {
      const result = await resolveDockerEndpointFromDisk({ DOCKER_CONFIG: tmp(), DOCKER_CONTEXT: 'typo' }, 'linux');
      assert.equal(result.problems.length, 1);
      assert.match(result.problems[0] ?? '', /^context "typo" is selected by DOCKER_CONTEXT but .+ does not exist; the docker CLI would fail too\.$/);
      assert.equal(result.configPath, undefined);
    });

    it('reports a meta.json without a docker host', async () => {
      const dir = tmp();
      const metaPath = await writeFile(dir, path.join('contexts', 'meta', contextId('empty'), 'meta.json'), '{"Name":"empty","Endpoints":{}}');
      const result = await resolveDockerEndpointFromDisk({ DOCKER_CONFIG: dir, DOCKER_CONTEXT: 'empty' }, 'linux');
      assert.deepEqual(result.problems, [`context "empty" (${metaPath}): context metadata has no docker endpoint host`]);
      assert.equal(result.endpoint.source, 'default');
    });

    it('reports a malformed config.json and still resolves from the environment', async () => {
      const dir = tmp();
      const configPath = await writeFile(dir, 'config.json', '{"auths": {,}, "currentContext": "colima"');
      const result = await resolveDockerEndpointFromDisk({ DOCKER_CONFIG: dir }, 'linux');
      assert.equal(result.problems.length, 1);
      assert.match(result.problems[0] ?? '', new RegExp(`^${configPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON \\(`));
      assert.equal(result.configPath, configPath);
      assert.deepEqual(result.endpoint, { host: 'unix:///var/run/docker.sock', source: 'default' });
    });

    it('reports a config.json that is an array or has a non-string currentContext', async () => {
      const dir = tmp();
      const configPath = await writeFile(dir, 'config.json', '["colima"]');
      assert.deepEqual((await resolveDockerEndpointFromDisk({ DOCKER_CONFIG: dir }, 'linux')).problems, [`${configPath}: not a JSON object`]);
      await writeFile(dir, 'config.json', '{"currentContext": {"name": "colima"}}');
      assert.deepEqual((await resolveDockerEndpointFromDisk({ DOCKER_CONFIG: dir }, 'linux')).problems, [`${configPath}: "currentContext" is not a string`]);
    });

    it('reports a config.json that is a directory', async () => {
      const dir = tmp();
      await fs.mkdir(path.join(dir, 'config.json'));
      const result = await resolveDockerEndpointFromDisk({ DOCKER_CONFIG: dir }, 'linux');
      assert.deepEqual(result.problems, [`${path.join(dir, 'config.json')}: not a regular file`]);
      assert.equal(result.configPath, path.join(dir, 'config.json'));
    });

    it('is quiet without any docker configuration and falls back to the platform default', async () => {
      const linux = await resolveDockerEndpointFromDisk({ DOCKER_CONFIG: path.join(tmp(), 'absent') }, 'linux');
      assert.deepEqual(linux, { endpoint: { host: 'unix:///var/run/docker.sock', source: 'default' }, problems: [] });
      const windows = await resolveDockerEndpointFromDisk({ DOCKER_CONFIG: path.join(tmp(), 'absent') }, 'win32');
      assert.deepEqual(windows.endpoint, { host: 'npipe:////./pipe/docker_engine', source: 'default' });
    });

    it('finds ~/.docker through HOME when DOCKER_CONFIG is unset', async () => {
      const home = tmp();
      await writeFile(home, path.join('.docker', 'config.json'), '{"currentContext":"colima"}');
      await writeContext(path.join(home, '.docker'), 'colima', 'unix:///home/ada/.colima/default/docker.sock');
      const result = await resolveDockerEndpointFromDisk({ HOME: home }, 'linux');
      assert.deepEqual(result.endpoint, { host: 'unix:///home/ada/.colima/default/docker.sock', source: 'docker-config', contextName: 'colima' });
      assert.equal(result.configPath, path.join(home, '.docker', 'config.json'));
    });
  });
});
