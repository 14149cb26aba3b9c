import * as assert from 'node:assert/strict';
import {
  chooseDockerContext,
  defaultDockerHost,
  parseContextMeta,
  parseDockerConfig,
  resolveDockerEndpoint,
  type DockerEnv,
  type ParsedDockerConfig,
  type ResolveInput,
} from '../../../../src/core/docker/endpoint';
import type { DockerEndpoint } from '../../../../src/core/doctor/facts';

const colimaMeta = { host: 'unix:///Users/cy/.colima/default/docker.sock', skipTlsVerify: false };
const remoteMeta = { host: 'tcp://gpu-box.lab:2376', skipTlsVerify: false };

/** What the gatherer does: choose the context, then resolve with its metadata. */
function resolve(platform: string, env: DockerEnv, config: ParsedDockerConfig, metas: Record<string, { host: string; skipTlsVerify: boolean }>, setting?: string): DockerEndpoint {
  const context = setting ? undefined : chooseDockerContext(env, config);
  const meta = context ? metas[context.name] : undefined;
  const input: ResolveInput = { platform, env, ...(setting ? { setting } : {}), ...(context ? { context } : {}), ...(meta ? { contextMeta: meta } : {}) };
  return resolveDockerEndpoint(input);
}

describe('core/docker/endpoint', () => {
  describe('precedence (as the docker CLI)', () => {
    const metas = { colima: colimaMeta, remote: remoteMeta };
    const config = { currentContext: 'colima' };

    it('the mlc.docker.host setting beats everything', () => {
      const ep = resolve('linux', { DOCKER_HOST: 'tcp://1.2.3.4:2375', DOCKER_CONTEXT: 'remote' }, config, metas, 'unix:///custom/docker.sock');
      assert.deepEqual(ep, { host: 'unix:///custom/docker.sock', source: 'setting' });
    });

    it('DOCKER_HOST beats DOCKER_CONTEXT and the config', () => {
      assert.equal(chooseDockerContext({ DOCKER_HOST: 'tcp://1.2.3.4:2375', DOCKER_CONTEXT: 'remote' }, config), undefined);
      const ep = resolve('linux', { DOCKER_HOST: 'tcp://1.2.3.4:2375', DOCKER_CONTEXT: 'remote' }, config, metas);
      assert.deepEqual(ep, { host: 'tcp://1.2.3.4:2375', source: 'DOCKER_HOST' });
    });

    it('DOCKER_HOST wins even when a context is passed in', () => {
      const ep = resolveDockerEndpoint({ platform: 'linux', env: { DOCKER_HOST: 'ssh://ada@box' }, context: { name: 'remote', source: 'DOCKER_CONTEXT' }, contextMeta: remoteMeta });
      assert.deepEqual(ep, { host: 'ssh://ada@box', source: 'DOCKER_HOST' });
    });

    it('DOCKER_CONTEXT beats the config file\'s currentContext', () => {
      assert.deepEqual(chooseDockerContext({ DOCKER_CONTEXT: 'remote' }, config), { name: 'remote', source: 'DOCKER_CONTEXT' });
      const ep = resolve('linux', { DOCKER_CONTEXT: 'remote' }, config, metas);
      assert.deepEqual(ep, { host: 'tcp://gpu-box.lab:2376', source: 'DOCKER_CONTEXT', contextName: 'remote' });
    });

    it('config.json\'s currentContext applies when no variable is set', () => {
      assert.deepEqual(chooseDockerContext({}, config), { name: 'colima', source: 'docker-config' });
      const ep = resolve('darwin', {}, config, metas);
      assert.deepEqual(ep, { host: 'unix:///Users/cy/.colima/default/docker.sock', source: 'docker-config', contextName: 'colima' });
    });

    it('an empty DOCKER_CONTEXT counts as unset', () => {
      assert.deepEqual(chooseDockerContext({ DOCKER_CONTEXT: '' }, config), { name: 'colima', source: 'docker-config' });
    });

    it('DOCKER_CONTEXT=default selects the default endpoint even if config.json names another context', () => {
      assert.equal(chooseDockerContext({ DOCKER_CONTEXT: 'default' }, config), undefined);
      assert.deepEqual(resolve('linux', { DOCKER_CONTEXT: 'default' }, config, metas), { host: 'unix:///var/run/docker.sock', source: 'default' });
    });

    it('currentContext "default" in config.json means the default endpoint', () => {
      assert.equal(chooseDockerContext({}, { currentContext: 'default' }), undefined);
    });

    it('falls back to the platform default when nothing is configured', () => {
      assert.equal(chooseDockerContext({}, {}), undefined);
      assert.deepEqual(resolve('linux', {}, {}, {}), { host: 'unix:///var/run/docker.sock', source: 'default' });
    });

    it('falls back to the default when the chosen context has no usable metadata', () => {
      const ep = resolveDockerEndpoint({ platform: 'linux', env: {}, context: { name: 'ghost', source: 'docker-config' }, contextMeta: { problem: 'context metadata has no docker endpoint host' } });
      assert.deepEqual(ep, { host: 'unix:///var/run/docker.sock', source: 'default' });
      const noMeta = resolveDockerEndpoint({ platform: 'linux', env: {}, context: { name: 'ghost', source: 'DOCKER_CONTEXT' } });
      assert.equal(noMeta.source, 'default');
    });
  });

  describe('platform default', () => {
    it('is the npipe on win32 and the unix socket elsewhere', () => {
      assert.equal(defaultDockerHost('win32'), 'npipe:////./pipe/docker_engine');
      assert.equal(defaultDockerHost('linux'), 'unix:///var/run/docker.sock');
      assert.equal(defaultDockerHost('darwin'), 'unix:///var/run/docker.sock');
      assert.deepEqual(resolveDockerEndpoint({ platform: 'win32', env: {} }), { host: 'npipe:////./pipe/docker_engine', source: 'default' });
    });
  });

  describe('TLS from DOCKER_TLS_VERIFY / DOCKER_CERT_PATH', () => {
    it('applies to a tcp DOCKER_HOST with verification and the cert path', () => {
      const ep = resolveDockerEndpoint({ platform: 'linux', env: { DOCKER_HOST: 'tcp://build:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/home/ada/.docker/build' } });
      assert.deepEqual(ep, { host: 'tcp://build:2376', source: 'DOCKER_HOST', tls: { verify: true, certPath: '/home/ada/.docker/build' } });
    });

    it('applies to a tcp setting too', () => {
      const ep = resolveDockerEndpoint({ platform: 'linux', setting: 'tcp://build:2376', env: { DOCKER_TLS_VERIFY: '1' } });
      assert.deepEqual(ep, { host: 'tcp://build:2376', source: 'setting', tls: { verify: true } });
    });

    it('uses TLS without verification when only DOCKER_CERT_PATH is set', () => {
      const ep = resolveDockerEndpoint({ platform: 'linux', env: { DOCKER_HOST: 'tcp://build:2376', DOCKER_CERT_PATH: '/certs' } });
      assert.deepEqual(ep.tls, { verify: false, certPath: '/certs' });
    });

    it('verifies for any non-empty DOCKER_TLS_VERIFY, "0" included, as the docker CLI does', () => {
      const ep = resolveDockerEndpoint({ platform: 'linux', env: { DOCKER_HOST: 'tcp://build:2376', DOCKER_TLS_VERIFY: '0' } });
      assert.deepEqual(ep.tls, { verify: true });
    });

    it('uses no TLS when neither variable is set (or DOCKER_TLS_VERIFY is empty)', () => {
      assert.equal('tls' in resolveDockerEndpoint({ platform: 'linux', env: { DOCKER_HOST: 'tcp://build:2375' } }), false);
      assert.equal('tls' in resolveDockerEndpoint({ platform: 'linux', env: { DOCKER_HOST: 'tcp://build:2375', DOCKER_TLS_VERIFY: '' } }), false);
    });

    it('never applies to unix, ssh or npipe endpoints', () => {
      const env = { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' };
      for (const host of ['unix:///var/run/docker.sock', 'ssh://ada@gpu-box', 'npipe:////./pipe/docker_engine']) {
        const ep = resolveDockerEndpoint({ platform: 'linux', env: { ...env, DOCKER_HOST: host } });
        assert.deepEqual(ep, { host, source: 'DOCKER_HOST' });
      }
      assert.deepEqual(resolveDockerEndpoint({ platform: 'linux', env }), { host: 'unix:///var/run/docker.sock', source: 'default' });
    });

    it('takes a context\'s TLS from its TLS folder, not from the environment', () => {
      const context = { name: 'remote', source: 'docker-config' } as const;
      const withDir = resolveDockerEndpoint({ platform: 'linux', env: {}, context, contextMeta: remoteMeta, contextTlsPath: '/cfg/contexts/tls/abc/docker' });
      assert.deepEqual(withDir, { host: 'tcp://gpu-box.lab:2376', source: 'docker-config', contextName: 'remote', tls: { verify: true, certPath: '/cfg/contexts/tls/abc/docker' } });
      const skip = resolveDockerEndpoint({ platform: 'linux', env: {}, context, contextMeta: { ...remoteMeta, skipTlsVerify: true }, contextTlsPath: '/t' });
      assert.deepEqual(skip.tls, { verify: false, certPath: '/t' });
      const envOnly = resolveDockerEndpoint({ platform: 'linux', env: { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }, context, contextMeta: remoteMeta });
      assert.equal('tls' in envOnly, false);
      const sshContext = resolveDockerEndpoint({ platform: 'linux', env: {}, context, contextMeta: { host: 'ssh://ada@gpu-box', skipTlsVerify: false }, contextTlsPath: '/t' });
      assert.equal('tls' in sshContext, false);
    });
  });

  describe('parseDockerConfig', () => {
    it('reads currentContext and nothing else (never credentials)', () => {
      const text = JSON.stringify({ auths: { 'ghcr.io': { auth: 'YWRhOnNlY3JldA==' } }, credsStore: 'desktop', currentContext: 'colima' });
      assert.deepEqual(parseDockerConfig(text), { currentContext: 'colima' });
    });

    it('returns nothing for a config without a current context (or an empty one)', () => {
      assert.deepEqual(parseDockerConfig('{"auths":{}}'), {});
      assert.deepEqual(parseDockerConfig('{"currentContext":""}'), {});
    });

    it('reports invalid JSON', () => {
      const parsed = parseDockerConfig('{"auths": {,}');
      assert.equal(parsed.currentContext, undefined);
      assert.match(parsed.problem ?? '', /^not valid JSON \(.+\)$/);
    });

    it('reports an array, null or a scalar as not an object', () => {
      for (const text of ['[]', '[{"currentContext":"x"}]', 'null', '42', '"colima"']) {
        assert.deepEqual(parseDockerConfig(text), { problem: 'not a JSON object' }, text);
      }
    });

    it('reports a non-string currentContext', () => {
      for (const text of ['{"currentContext": 5}', '{"currentContext": null}', '{"currentContext": ["a"]}']) {
        assert.deepEqual(parseDockerConfig(text), { problem: '"currentContext" is not a string' }, text);
      }
    });
  });

  describe('parseContextMeta', () => {
    it('reads the docker endpoint of a real meta.json', () => {
      const text = JSON.stringify({ Name: 'remote', Metadata: { Description: 'GPU box' }, Endpoints: { docker: { Host: 'tcp://gpu-box.lab:2376', SkipTLSVerify: false } } });
      assert.deepEqual(parseContextMeta(text), { host: 'tcp://gpu-box.lab:2376', skipTlsVerify: false });
    });

    it('reads SkipTLSVerify only when it is the boolean true', () => {
      const meta = (skip: unknown) => JSON.stringify({ Name: 'r', Endpoints: { docker: { Host: 'tcp://h:2376', SkipTLSVerify: skip } } });
      assert.equal(parseContextMeta(meta(true)).skipTlsVerify, true);
      assert.equal(parseContextMeta(meta('true')).skipTlsVerify, false);
      assert.equal(parseContextMeta(JSON.stringify({ Endpoints: { docker: { Host: 'unix:///x.sock' } } })).skipTlsVerify, false);
    });

    it('reports invalid JSON', () => {
      assert.match(parseContextMeta('{"Name":').problem ?? '', /^context metadata is not valid JSON \(.+\)$/);
    });

    it('reports metadata without a docker host', () => {
      for (const text of ['null', '{}', '{"Endpoints":{}}', '{"Endpoints":{"docker":{}}}', '{"Endpoints":{"docker":{"Host":""}}}', '{"Endpoints":{"docker":{"Host":2376}}}', '[]']) {
        assert.deepEqual(parseContextMeta(text), { problem: 'context metadata has no docker endpoint host' }, text);
      }
    });
  });
});
