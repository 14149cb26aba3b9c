import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as path from 'node:path';
import { DockerConnection, DockerUnavailableError, type ConnectionState } from '../../../src/infra/docker/docker-connection';
import { watchExplorer } from '../../../src/infra/docker/explorer-watch';
import { useTempDir } from '../support/temp-dir';

/** A fake engine on a unix socket in the test's temp dir. */
async function fakeEngine(socketPath: string, apiVersion: string): Promise<{ close(): Promise<void>; requests: string[] }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    res.setHeader('Content-Type', 'application/json');
    if (req.url?.includes('/version')) {
      res.end(JSON.stringify({ Version: '17.03.0', ApiVersion: apiVersion, Os: 'linux', Arch: 'amd64' }));
    } else if (req.url?.includes('/info')) {
      res.end(JSON.stringify({ Runtimes: { runc: {} }, DefaultRuntime: 'runc' }));
    } else {
      res.statusCode = 404;
      res.end('{"message":"not here"}');
    }
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function connectionTo(host: string, backoffBaseMs = 20): DockerConnection {
  return new DockerConnection({ resolveEndpoint: () => Promise.resolve({ endpoint: { host, source: 'setting' }, problems: [] }), backoffBaseMs, backoffMaxMs: 40 });
}

describe('infra/docker/docker-connection', () => {
  const tmp = useTempDir('docker-connection');

  it('stays idle until asked; a missing socket is "socket-missing", and commands get it as DockerUnavailableError', async () => {
    const c = connectionTo(`unix://${path.join(tmp(), 'nope.sock')}`);
    try {
      assert.equal(c.state.kind, 'idle');
      const s = await c.connect();
      assert.equal(s.kind, 'failed');
      assert.equal(s.kind === 'failed' && s.failure.kind, 'socket-missing');
      assert.equal(s.kind === 'failed' && s.retryInMs, undefined, 'no view is visible: no background retries');
      await assert.rejects(c.api(), (err: unknown) => err instanceof DockerUnavailableError && err.failure.kind === 'socket-missing');
    } finally {
      c.dispose();
    }
  });

  it('retries with backoff while active, and connects once the engine appears', async () => {
    const socket = path.join(tmp(), 'engine.sock');
    const c = connectionTo(`unix://${socket}`);
    const states: ConnectionState['kind'][] = [];
    c.onStateChange((s) => states.push(s.kind));
    let engine: Awaited<ReturnType<typeof fakeEngine>> | undefined;
    try {
      const failed = new Promise<void>((resolve) => {
        const sub = c.onStateChange((s) => {
          if (s.kind === 'failed' && s.attempt >= 2) {
            sub.dispose();
            resolve();
          }
        });
      });
      c.setActive(true);
      await failed;
      const connected = new Promise<void>((resolve) => c.onStateChange((s) => s.kind === 'connected' && resolve()));
      engine = await fakeEngine(socket, '1.41');
      await connected;
      assert.equal(c.state.kind, 'connected');
      assert.ok(states.indexOf('connected') > states.lastIndexOf('failed'));
    } finally {
      c.dispose();
      await engine?.close();
    }
  });

  it('refuses an engine older than API 1.41 with the "too old" message', async () => {
    const socket = path.join(tmp(), 'old.sock');
    const engine = await fakeEngine(socket, '1.26');
    const c = connectionTo(`unix://${socket}`);
    try {
      const s = await c.connect();
      assert.equal(s.kind, 'failed');
      assert.equal(s.kind === 'failed' && s.failure.kind, 'api-too-old');
      assert.match(s.kind === 'failed' ? s.failure.message : '', /API 1\.26; 1\.41 or newer/);
    } finally {
      c.dispose();
      await engine.close();
    }
  });

  it('the mlc.docker.host setting wins over DOCKER_HOST, read again on every retry', async () => {
    const socket = path.join(tmp(), 'setting.sock');
    const engine = await fakeEngine(socket, '1.41');
    let setting: string | undefined = `unix://${socket}`;
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = `unix://${path.join(tmp(), 'env.sock')}`;
    const c = new DockerConnection({ setting: () => setting });
    try {
      const s = await c.connect();
      assert.equal(s.kind, 'connected');
      assert.deepEqual(s.kind === 'connected' && s.endpoint, { host: `unix://${socket}`, source: 'setting' });
      setting = undefined;
      const again = await c.retryNow();
      assert.equal(again.kind, 'failed');
      assert.deepEqual(again.kind === 'failed' && again.endpoint, { host: process.env.DOCKER_HOST, source: 'DOCKER_HOST' });
    } finally {
      c.dispose();
      await engine.close();
      if (saved === undefined) {
        delete process.env.DOCKER_HOST;
      } else {
        process.env.DOCKER_HOST = saved;
      }
    }
  });

  it('the explorer watch refreshes when the outcome changes, not per retry, and not for the first outcome the views asked for', async () => {
    const socket = path.join(tmp(), 'later.sock');
    const c = connectionTo(`unix://${socket}`, 5);
    const refreshes: string[][] = [];
    const watch = watchExplorer(c, (v) => refreshes.push([...v].sort()));
    let engine: Awaited<ReturnType<typeof fakeEngine>> | undefined;
    try {
      const many = new Promise<void>((resolve) => c.onStateChange((s) => s.kind === 'failed' && s.attempt >= 4 && resolve()));
      c.setActive(true);
      await many;
      assert.deepEqual(refreshes, [], 'the failure is what the asking views render; retries change nothing');
      const connected = new Promise<void>((resolve) => c.onStateChange((s) => s.kind === 'connected' && resolve()));
      engine = await fakeEngine(socket, '1.41');
      await connected;
      assert.deepEqual(refreshes, [['containers', 'images']], 'failed → connected refreshes both views once');
    } finally {
      watch.dispose();
      c.dispose();
      await engine?.close();
    }
  });
});
