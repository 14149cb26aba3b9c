import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import * as path from 'node:path';
import type { DockerEndpoint } from '../../../../src/core/doctor/facts';
import { probeDockerEngine } from '../../../../src/infra/docker/probe-engine';
import { closedPort, startHttpServer, type SeenRequest, type TestServer } from '../../support/http-server';
import { useTempDir } from '../../support/temp-dir';

const version = { Version: '27.3.1', ApiVersion: '1.47', Os: 'linux', Arch: 'amd64' };
const info = { Runtimes: { runc: {}, nvidia: {}, 'io.containerd.runc.v2': {} }, DefaultRuntime: 'runc', GenericResources: null };

/** A stand-in Docker Engine answering /version and /info (optionally versioned paths). */
function fakeEngine(overrides: Partial<Record<'/version' | '/info', [number, string]>> = {}): http.RequestListener {
  return (req, res) => {
    const route = (req.url ?? '').replace(/^\/v[0-9.]+/, '') as '/version' | '/info';
    const answer = overrides[route] ?? (route === '/version' ? [200, JSON.stringify(version)] : route === '/info' ? [200, JSON.stringify(info)] : [404, '{"message":"page not found"}']);
    res.writeHead(answer[0], { 'content-type': 'application/json' });
    res.end(answer[1]);
  };
}

describe('infra/docker/probe-engine', () => {
  const tmp = useTempDir('engine');
  let server: TestServer | undefined;
  let unixServer: http.Server | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    if (unixServer) {
      unixServer.closeAllConnections();
      await new Promise<void>((resolve) => unixServer?.close(() => resolve()));
      unixServer = undefined;
    }
  });

  async function listenOnSocket(socketPath: string, handler: http.RequestListener): Promise<SeenRequest[]> {
    const seen: SeenRequest[] = [];
    unixServer = http.createServer((req, res) => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
      handler(req, res);
    });
    await fs.mkdir(path.dirname(socketPath), { recursive: true });
    await new Promise<void>((resolve) => unixServer?.listen(socketPath, () => resolve()));
    return seen;
  }

  it('probes an engine on a unix socket whose path has a space', async () => {
    const socketPath = path.join(tmp(), 'Application Support', 'docker.sock');
    const seen = await listenOnSocket(socketPath, fakeEngine());
    const probe = await probeDockerEngine({ host: `unix://${socketPath}`, source: 'setting' }, undefined, 2000);
    assert.deepEqual(probe, {
      ok: true,
      serverVersion: '27.3.1',
      apiVersion: '1.47',
      os: 'linux',
      arch: 'amd64',
      runtimes: ['io.containerd.runc.v2', 'nvidia', 'runc'],
      defaultRuntime: 'runc',
      gpuHints: [],
    });
    assert.deepEqual(seen.map((r) => `${r.method} ${r.url.replace(/^\/v[0-9.]+/, '')}`).sort(), ['GET /info', 'GET /version']);
  });

  it('probes an engine over tcp://', async () => {
    server = await startHttpServer(fakeEngine());
    const probe = await probeDockerEngine({ host: `tcp://127.0.0.1:${server.port}`, source: 'DOCKER_HOST' }, undefined, 2000);
    assert.equal(probe.ok, true);
    assert.equal(probe.ok && probe.serverVersion, '27.3.1');
  });

  it('says the socket is missing when nothing is at the path', async () => {
    const probe = await probeDockerEngine({ host: `unix://${path.join(tmp(), 'docker.sock')}`, source: 'default' }, undefined, 2000);
    assert.equal(probe.ok, false);
    assert.equal(!probe.ok && probe.kind, 'socket-missing');
    assert.equal(!probe.ok && probe.code, 'ENOENT');
  });

  it('says the connection was refused when nothing listens on the port', async () => {
    const port = await closedPort();
    const probe = await probeDockerEngine({ host: `tcp://127.0.0.1:${port}`, source: 'DOCKER_HOST' }, undefined, 2000);
    assert.equal(!probe.ok && probe.kind, 'connection-refused');
  });

  it('says the engine is too old when it refuses the API version with HTTP 400', async () => {
    server = await startHttpServer(fakeEngine({ '/version': [400, '{"message":"client version 1.41 is too new. Maximum supported API version is 1.40"}'] }));
    const probe = await probeDockerEngine({ host: `tcp://127.0.0.1:${server.port}`, source: 'DOCKER_HOST' }, undefined, 2000);
    assert.equal(!probe.ok && probe.kind, 'api-too-old');
    assert.match(!probe.ok ? probe.message : '', /Maximum supported API version is 1\.40/);
  });

  it('times out on an endpoint that never answers', async () => {
    server = await startHttpServer(() => {
      // Accept and never answer.
    });
    const probe = await probeDockerEngine({ host: `tcp://127.0.0.1:${server.port}`, source: 'DOCKER_HOST' }, undefined, 200);
    assert.equal(!probe.ok && probe.kind, 'timeout');
  });

  it('is other when the endpoint is not a Docker Engine', async () => {
    server = await startHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>router admin</html>');
    });
    const probe = await probeDockerEngine({ host: `tcp://127.0.0.1:${server.port}`, source: 'DOCKER_HOST' }, undefined, 2000);
    assert.equal(!probe.ok && probe.kind, 'other');
  });

  it('reports a scheme no client can probe', async function () {
    this.timeout(30000); // loads the dockerode adapter on first use
    const endpoint: DockerEndpoint = { host: 'fd://3', source: 'setting' };
    const probe = await probeDockerEngine(endpoint, undefined, 2000);
    assert.equal(!probe.ok && probe.kind, 'unsupported-scheme');
  });
});
