import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { runDoctorCli } from './support/cli';
import { doctorInProcess, finding } from './support/doctor';
import { kubeconfig, writeKubeconfig } from './support/kubeconfig';
import { makeTempDir } from './support/temp';
import { standInVersion, startVersionStandIn, type VersionStandIn } from './support/version-standin';

// The cluster probe against a test-owned TLS server on 127.0.0.1 that stands in for the API
// server's /version endpoint (the real API server comes with the Kubernetes issue).
describe('Check Environment: cluster probe against a stand-in for /version', function () {
  const token = `mlc-e2e-token-${Math.random().toString(36).slice(2)}`;
  let standIn: VersionStandIn;
  let home: string;
  let dir: string;
  let caData: string;

  before(async function () {
    standIn = await startVersionStandIn(token);
    caData = Buffer.from(standIn.certPem).toString('base64');
    home = await makeTempDir('home');
    dir = await makeTempDir('kube-standin');
  });

  after(async function () {
    await standIn.close();
  });

  beforeEach(function () {
    standIn.seen.length = 0;
  });

  it('with the right bearer token: reachable, server version v1.34.4', async function () {
    const file = await writeKubeconfig(dir, 'ok.yaml', kubeconfig([{ name: 'mlc-standin', server: standIn.url, token, caData }], 'mlc-standin'));
    const run = await runDoctorCli({ HOME: home, KUBECONFIG: file });
    assert.equal(run.code, 0, `${run.stderr}${JSON.stringify(run.json.findings, null, 2)}`);
    assert.equal(run.json.kubernetes.reachable, true);
    assert.equal(run.json.kubernetes.failure, null);
    assert.equal(run.json.kubernetes.serverVersion, 'v1.34.4');
    const cluster = finding(run.json, 'kubernetes.cluster');
    assert.equal(cluster.status, 'ok');
    assert.equal(cluster.summary, `The cluster of "mlc-standin" answers: Kubernetes v1.34.4 (${standInVersion.platform}).`);
    assert.deepEqual(standIn.seen, [{ method: 'GET', url: '/version', authorization: `Bearer ${token}`, accept: 'application/json' }]);
  });

  it('with a wrong token (the server answers 401): unauthorized, exit 1', async function () {
    const file = await writeKubeconfig(dir, 'wrong.yaml', kubeconfig([{ name: 'mlc-standin', server: standIn.url, token: 'not-the-token', caData }], 'mlc-standin'));
    const run = await runDoctorCli({ HOME: home, KUBECONFIG: file });
    assert.equal(run.code, 1);
    assert.equal(run.json.kubernetes.reachable, false);
    assert.equal(run.json.kubernetes.failure, 'unauthorized');
    assert.equal(run.json.kubernetes.serverVersion, null);
    const cluster = finding(run.json, 'kubernetes.cluster');
    assert.equal(cluster.status, 'error');
    assert.match(cluster.fix ?? '', /credentials were refused/);
    assert.equal(standIn.seen.length, 1);
    assert.equal(standIn.seen[0]?.authorization, 'Bearer not-the-token');
  });

  it('without the server CA in the kubeconfig: tls, and no token is sent', async function () {
    const file = await writeKubeconfig(dir, 'no-ca.yaml', kubeconfig([{ name: 'mlc-standin', server: standIn.url, token }], 'mlc-standin'));
    const run = await runDoctorCli({ HOME: home, KUBECONFIG: file });
    assert.equal(run.code, 1);
    assert.equal(run.json.kubernetes.failure, 'tls');
    assert.deepEqual(standIn.seen, [], 'the request never reached the handler: the handshake failed first');
  });

  it('with insecure-skip-tls-verify instead of a CA: reachable', async function () {
    const file = await writeKubeconfig(dir, 'insecure.yaml', kubeconfig([{ name: 'mlc-standin', server: standIn.url, token, insecure: true }], 'mlc-standin'));
    const run = await runDoctorCli({ HOME: home, KUBECONFIG: file });
    assert.equal(run.json.kubernetes.reachable, true);
    assert.equal(run.json.kubernetes.serverVersion, 'v1.34.4');
  });

  it('reads a tokenFile relative to the kubeconfig folder', async function () {
    const sub = path.join(dir, 'token-file');
    await fs.mkdir(sub, { recursive: true });
    await fs.writeFile(path.join(sub, 'token'), `${token}\n`);
    const file = await writeKubeconfig(sub, 'config', kubeconfig([{ name: 'mlc-standin', server: standIn.url, tokenFile: 'token', caData }], 'mlc-standin'));
    const json = await doctorInProcess({ HOME: home, KUBECONFIG: file });
    assert.equal(json.kubernetes.reachable, true, JSON.stringify(finding(json, 'kubernetes.cluster')));
    assert.equal(standIn.seen[0]?.authorization, `Bearer ${token}`);
  });

  it('resolves a relative certificate-authority against the file that defines the cluster, not the user', async function () {
    // kubectl resolves each file's references relative to that file before merging KUBECONFIG.
    const clusterDir = path.join(dir, 'split-cluster');
    const userDir = path.join(dir, 'split-user');
    await fs.mkdir(clusterDir, { recursive: true });
    await fs.mkdir(userDir, { recursive: true });
    await fs.writeFile(path.join(clusterDir, 'ca.pem'), standIn.certPem);
    const clusterFile = await writeKubeconfig(clusterDir, 'config', {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'split', cluster: { server: standIn.url, 'certificate-authority': 'ca.pem' } }],
    });
    const userFile = await writeKubeconfig(userDir, 'config', {
      apiVersion: 'v1',
      kind: 'Config',
      users: [{ name: 'split', user: { token } }],
      contexts: [{ name: 'split', context: { cluster: 'split', user: 'split' } }],
      'current-context': 'split',
    });
    const run = await runDoctorCli({ HOME: home, KUBECONFIG: `${userFile}:${clusterFile}` });
    assert.equal(run.json.kubernetes.reachable, true, JSON.stringify(finding(run.json, 'kubernetes.cluster')));
    assert.equal(run.json.kubernetes.serverVersion, 'v1.34.4');
  });

  it('runs an installed exec credential plugin found on PATH and sends the token it prints', async function () {
    const bin = await makeTempDir('plugin-bin', 0o755);
    const plugin = path.join(bin, 'mlc-e2e-auth-plugin');
    const credential = JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token } });
    await fs.writeFile(plugin, `#!/bin/sh\n# Test credential plugin: prints a fixed ExecCredential.\nprintf '%s\\n' '${credential}'\n`, { mode: 0o755 });
    const file = await writeKubeconfig(dir, 'exec-ok.yaml', kubeconfig([{ name: 'mlc-standin', server: standIn.url, exec: { command: 'mlc-e2e-auth-plugin' }, caData }], 'mlc-standin'));
    const run = await runDoctorCli({ HOME: home, KUBECONFIG: file, PATH: `${bin}:${process.env.PATH ?? ''}` });
    assert.deepEqual(run.json.kubernetes.missingExecPlugins, []);
    assert.equal(finding(run.json, 'kubernetes.exec-plugins').status, 'ok');
    assert.equal(run.json.kubernetes.reachable, true, JSON.stringify(finding(run.json, 'kubernetes.cluster')));
    assert.equal(standIn.seen[0]?.authorization, `Bearer ${token}`);
    assert.equal(run.code, 0);
  });

  it('reports a failing exec plugin as exec-plugin with its stderr', async function () {
    const bin = await makeTempDir('plugin-bin', 0o755);
    const plugin = path.join(bin, 'mlc-e2e-expired-plugin');
    await fs.writeFile(plugin, '#!/bin/sh\necho "error: login expired, run mlc-login" >&2\nexit 1\n', { mode: 0o755 });
    const file = await writeKubeconfig(dir, 'exec-fail.yaml', kubeconfig([{ name: 'mlc-standin', server: standIn.url, exec: { command: plugin }, caData }], 'mlc-standin'));
    const run = await runDoctorCli({ HOME: home, KUBECONFIG: file });
    assert.equal(run.json.kubernetes.failure, 'exec-plugin');
    assert.ok(finding(run.json, 'kubernetes.cluster').details?.[0]?.includes('login expired'), JSON.stringify(finding(run.json, 'kubernetes.cluster').details));
    assert.deepEqual(standIn.seen, []);
  });
});
