import * as assert from 'node:assert/strict';
import type * as http from 'node:http';
import * as path from 'node:path';
import type { KubeCluster, KubeUser } from '../../../../src/core/kubernetes/kubeconfig';
import { probeClusterVersion } from '../../../../src/infra/kubernetes/probe-cluster';
import { readFixture } from '../../support/fixtures';
import { closedPort, startHttpServer, startHttpsServer, type TestServer } from '../../support/http-server';
import { useTempDir, writeFile } from '../../support/temp-dir';

const versionBody = JSON.stringify({ major: '1', minor: '34', gitVersion: 'v1.34.4', platform: 'linux/amd64' });
const user: KubeUser = { name: 'ci-bot', token: 'probe-token' };

function answer(status: number, body: string, type = 'application/json'): http.RequestListener {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };
}

describe('infra/kubernetes/probe-cluster', () => {
  const tmp = useTempDir('probe');
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const at = (s: TestServer, extra: Partial<KubeCluster> = {}): KubeCluster => ({ name: 'kind-dev', server: s.origin, ...extra });

  it('is ok with the version when /version answers 200 with gitVersion, sending the credentials', async () => {
    server = await startHttpServer(answer(200, versionBody));
    const probe = await probeClusterVersion(at(server), user, tmp(), undefined, 2000);
    assert.deepEqual(probe, { ok: true, gitVersion: 'v1.34.4', platform: 'linux/amd64' });
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0]?.method, 'GET');
    assert.equal(server.requests[0]?.url, '/version');
    assert.equal(server.requests[0]?.headers.authorization, 'Bearer probe-token');
    assert.equal(server.requests[0]?.headers.accept, 'application/json');
  });

  it('keeps the path of a server address behind a proxy (Rancher, kubectl proxy prefixes)', async () => {
    server = await startHttpServer(answer(200, versionBody));
    const probe = await probeClusterVersion(at(server, { server: `${server.origin}/k8s/clusters/c-m-4x2bq` }), user, tmp(), undefined, 2000);
    assert.equal(probe.ok, true);
    assert.equal(server.requests[0]?.url, '/k8s/clusters/c-m-4x2bq/version');
  });

  it('tolerates a trailing slash on the server address', async () => {
    server = await startHttpServer(answer(200, JSON.stringify({ gitVersion: 'v1.30.2' })));
    const probe = await probeClusterVersion(at(server, { server: `${server.origin}/` }), user, tmp(), undefined, 2000);
    assert.deepEqual(probe, { ok: true, gitVersion: 'v1.30.2' });
    assert.equal(server.requests[0]?.url, '/version');
  });

  it('is unauthorized on 401', async () => {
    server = await startHttpServer(answer(401, '{"kind":"Status","status":"Failure","message":"Unauthorized","code":401}'));
    assert.deepEqual(await probeClusterVersion(at(server), user, tmp(), undefined, 2000), {
      ok: false,
      kind: 'unauthorized',
      message: 'the API server answered 401 Unauthorized',
    });
  });

  it('is forbidden on 403', async () => {
    server = await startHttpServer(answer(403, '{"kind":"Status","status":"Failure","reason":"Forbidden","code":403}'));
    assert.deepEqual(await probeClusterVersion(at(server), user, tmp(), undefined, 2000), {
      ok: false,
      kind: 'forbidden',
      message: 'the API server answered 403 Forbidden for /version',
    });
  });

  it('is other when a 200 answer is not JSON (not an API server)', async () => {
    server = await startHttpServer(answer(200, '<html><body>Welcome to nginx!</body></html>', 'text/html'));
    const probe = await probeClusterVersion(at(server), user, tmp(), undefined, 2000);
    assert.deepEqual(probe, { ok: false, kind: 'other', message: `${server.origin} answered HTTP 200 without a Kubernetes version: is this an API server?` });
  });

  it('is other for JSON without gitVersion and for server errors', async () => {
    server = await startHttpServer((req, res) => {
      const status = req.headers.authorization === 'Bearer probe-token' ? 200 : 500;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end('{"status":"ok"}');
    });
    const noVersion = await probeClusterVersion(at(server), user, tmp(), undefined, 2000);
    assert.equal(noVersion.ok, false);
    assert.equal(!noVersion.ok && noVersion.kind, 'other');
    const serverError = await probeClusterVersion(at(server), { name: 'anonymous' }, tmp(), undefined, 2000);
    assert.equal(!serverError.ok && serverError.message, `${server.origin} answered HTTP 500 without a Kubernetes version: is this an API server?`);
  });

  it('is unreachable when nothing listens on the port', async () => {
    const port = await closedPort();
    const probe = await probeClusterVersion({ name: 'gone', server: `http://127.0.0.1:${port}` }, user, tmp(), undefined, 2000);
    assert.equal(probe.ok, false);
    assert.equal(!probe.ok && probe.kind, 'unreachable');
    assert.match(!probe.ok ? probe.message : '', /^ECONNREFUSED: /);
  });

  it('times out on a server that never answers', async () => {
    server = await startHttpServer(() => {
      // Accept the request and never answer.
    });
    const probe = await probeClusterVersion(at(server), user, tmp(), undefined, 200);
    assert.deepEqual(probe, { ok: false, kind: 'timeout', message: `no answer from ${server.origin} within 200 ms` });
    assert.equal(server.requests.length, 1);
  });

  it('times out on a server that sends headers and then stalls', async () => {
    server = await startHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"gitVer');
    });
    const probe = await probeClusterVersion(at(server), user, tmp(), undefined, 200);
    assert.equal(!probe.ok && probe.kind, 'timeout');
  });

  it('is config when the cluster has no server or an invalid one, without any request', async () => {
    assert.deepEqual(await probeClusterVersion({ name: 'empty' }, user, tmp(), undefined, 200), {
      ok: false,
      kind: 'config',
      message: 'cluster "empty" has no server address',
    });
    assert.deepEqual(await probeClusterVersion({ name: 'bad', server: 'not a url' }, user, tmp(), undefined, 200), {
      ok: false,
      kind: 'config',
      message: 'cluster "bad" has an invalid server address',
    });
  });

  it('passes credential failures through with their kind, without a request', async () => {
    server = await startHttpServer(answer(200, versionBody));
    const missingPlugin = await probeClusterVersion(at(server), { name: 'eks', exec: { command: 'aws', args: [], env: [] } }, tmp(), undefined, 2000);
    assert.deepEqual(missingPlugin, { ok: false, kind: 'exec-plugin', message: 'credential plugin aws is not installed (not on PATH)' });
    const legacy = await probeClusterVersion(at(server), { name: 'gcp', authProvider: 'gcp' }, tmp(), undefined, 2000);
    assert.equal(!legacy.ok && legacy.kind, 'config');
    assert.equal(server.requests.length, 0);
  });

  it('uses the token an exec plugin prints', async () => {
    server = await startHttpServer((req, res) => answer(req.headers.authorization === 'Bearer from-plugin' ? 200 : 401, versionBody)(req, res));
    const plugin = await writeFile(tmp(), 'plugin', '#!/bin/sh\necho \'{"kind":"ExecCredential","status":{"token":"from-plugin"}}\'\n', 0o755);
    const probe = await probeClusterVersion(at(server), { name: 'u', exec: { command: 'plugin', args: [], env: [] } }, tmp(), plugin, 2000);
    assert.equal(probe.ok, true);
  });

  describe('over HTTPS', () => {
    const tlsOptions = { cert: readFixture('tls', 'server.pem'), key: readFixture('tls', 'server-key.pem') };
    const caData = Buffer.from(readFixture('tls', 'ca.pem')).toString('base64');

    it('is tls when the server certificate is not trusted', async () => {
      server = await startHttpsServer(tlsOptions, answer(200, versionBody));
      const probe = await probeClusterVersion(at(server), user, tmp(), undefined, 2000);
      assert.equal(!probe.ok && probe.kind, 'tls');
    });

    it('is tls when the certificate is trusted but does not name the address', async () => {
      server = await startHttpsServer(tlsOptions, answer(200, versionBody));
      const probe = await probeClusterVersion(at(server, { certificateAuthorityData: caData }), user, tmp(), undefined, 2000);
      assert.equal(!probe.ok && probe.kind, 'tls');
      assert.match(!probe.ok ? probe.message : '', /ERR_TLS_CERT_ALTNAME_INVALID/);
    });

    it('is ok with the CA and tls-server-name, as kubectl would be', async () => {
      server = await startHttpsServer(tlsOptions, answer(200, versionBody));
      const probe = await probeClusterVersion(at(server, { certificateAuthorityData: caData, tlsServerName: 'kubernetes.default.svc' }), user, tmp(), undefined, 2000);
      assert.deepEqual(probe, { ok: true, gitVersion: 'v1.34.4', platform: 'linux/amd64' });
      assert.equal(server.requests[0]?.headers.authorization, 'Bearer probe-token');
    });

    it('is ok with a CA file relative to the kubeconfig\'s folder', async () => {
      server = await startHttpsServer(tlsOptions, answer(200, versionBody));
      const kubeDir = tmp();
      await writeFile(kubeDir, path.join('pki', 'ca.crt'), readFixture('tls', 'ca.pem'));
      const probe = await probeClusterVersion(at(server, { certificateAuthority: 'pki/ca.crt', tlsServerName: 'kubernetes.default.svc' }), user, kubeDir, undefined, 2000);
      assert.equal(probe.ok, true);
    });

    it('is ok without verification when insecure-skip-tls-verify is set', async () => {
      server = await startHttpsServer(tlsOptions, answer(200, versionBody));
      const probe = await probeClusterVersion(at(server, { insecureSkipTlsVerify: true }), user, tmp(), undefined, 2000);
      assert.equal(probe.ok, true);
    });
  });
});
