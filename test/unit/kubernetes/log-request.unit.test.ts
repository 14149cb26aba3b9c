import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Writable } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import { logUrl, streamLog } from '../../../src/infra/kubernetes/log-request';
import { ApiError } from '../../../src/infra/kubernetes/raw-api';

function kubeconfig(server: string): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server, skipTLSVerify: true }],
    users: [{ name: 'u', token: 'secret-token' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

function collector(): { out: Writable; text: () => string } {
  let text = '';
  return {
    out: new Writable({
      write(chunk: Buffer, _e, cb) {
        text += chunk.toString();
        cb();
      },
    }),
    text: () => text,
  };
}

// A loopback stand-in for the API server's pods/log endpoint.
describe('Kubernetes log request (loopback server)', () => {
  let server: http.Server;
  let base: string;
  const sockets = new Set<Socket>();
  let handler: (req: http.IncomingMessage, res: http.ServerResponse) => void = () => undefined;

  before(async () => {
    server = http.createServer((req, res) => handler(req, res));
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    for (const s of sockets) {
      s.destroy();
    }
    await new Promise((r) => server.close(r));
  });

  it('builds the query kubectl logs would send; sinceTime wins over sinceSeconds', () => {
    const u = logUrl('https://api:6443/', 'ml team', 'web-1', 'app', { follow: true, tailLines: 1, sinceSeconds: 60, timestamps: true });
    assert.equal(u.pathname, '/api/v1/namespaces/ml%20team/pods/web-1/log');
    assert.deepEqual(Object.fromEntries(u.searchParams), { container: 'app', follow: 'true', tailLines: '1', sinceSeconds: '60', timestamps: 'true' });
    const resumed = logUrl('https://api:6443', 'ns', 'p', 'c', { sinceSeconds: 60, sinceTime: '2026-11-28T20:48:07.1Z' });
    assert.deepEqual(Object.fromEntries(resumed.searchParams), { container: 'c', sinceTime: '2026-11-28T20:48:07.1Z' });
  });

  it('streams the body with the credentials and resolves when the server ends it', async () => {
    let seen: http.IncomingMessage | undefined;
    handler = (req, res) => {
      seen = req;
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('one\n');
      res.end('two\n');
    };
    const c = collector();
    await streamLog(kubeconfig(base), 'ns', 'web-1', 'app', c.out, { tailLines: 2 }, new AbortController().signal);
    assert.equal(c.text(), 'one\ntwo\n');
    assert.equal(seen?.headers.authorization, 'Bearer secret-token');
    assert.equal(seen?.url, '/api/v1/namespaces/ns/pods/web-1/log?container=app&tailLines=2');
  });

  it('rejects with the server\'s Status message and status code', async () => {
    const status = (code: number, message: string, reason: string) => (req: http.IncomingMessage, res: http.ServerResponse) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', status: 'Failure', message, reason, code }));
    };
    handler = status(400, 'container "app" in pod "web-1" is waiting to start: ContainerCreating', 'BadRequest');
    const waiting = await streamLog(kubeconfig(base), 'ns', 'web-1', 'app', collector().out, {}, new AbortController().signal).then(() => undefined, (e: unknown) => e);
    assert.ok(waiting instanceof ApiError);
    assert.equal(waiting.status, 400);
    assert.match(waiting.message, /waiting to start: ContainerCreating/);
    handler = status(403, 'pods "web-1" is forbidden: User "dev" cannot get resource "pods/log"', 'Forbidden');
    await assert.rejects(streamLog(kubeconfig(base), 'ns', 'web-1', 'app', collector().out, {}, new AbortController().signal), (e: ApiError) => e.status === 403 && e.reason === 'Forbidden' && /forbidden/.test(e.message));
    handler = (_req, res) => {
      res.writeHead(502);
      res.end('bad gateway from a proxy');
    };
    await assert.rejects(streamLog(kubeconfig(base), 'ns', 'web-1', 'app', collector().out, {}, new AbortController().signal), (e: ApiError) => e.status === 502 && e.message === 'bad gateway from a proxy');
  });

  it('resolves when aborted while following, and rejects when the connection drops mid-stream', async () => {
    let response: http.ServerResponse | undefined;
    handler = (_req, res) => {
      response = res;
      res.writeHead(200);
      res.write('first\n');
    };
    const c = collector();
    const abort = new AbortController();
    const following = streamLog(kubeconfig(base), 'ns', 'p', 'c', c.out, { follow: true }, abort.signal);
    await waitFor(() => c.text() === 'first\n');
    abort.abort();
    await following;
    await new Promise<void>((r) => (response!.destroyed ? r() : response!.once('close', () => r())));

    const d = collector();
    const dropped = streamLog(kubeconfig(base), 'ns', 'p', 'c', d.out, { follow: true }, new AbortController().signal);
    await waitFor(() => d.text() === 'first\n');
    response!.socket?.destroy();
    await assert.rejects(dropped, /closed mid-stream/);
  });

  it('rejects with the socket error when nothing listens', async () => {
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    await assert.rejects(streamLog(kubeconfig(`http://127.0.0.1:${port}`), 'ns', 'p', 'c', collector().out, {}, new AbortController().signal), (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED');
  });
});

async function waitFor(cond: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!cond()) {
    if (Date.now() > deadline) {
      throw new Error('the condition never held');
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}
