import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { gatherKubernetesFacts } from '../../../../src/infra/doctor/gather-kubernetes';
import { startHttpServer, type TestServer } from '../../support/http-server';
import { useTempDir, writeFile } from '../../support/temp-dir';

const versionBody = JSON.stringify({ gitVersion: 'v1.34.4', platform: 'linux/amd64' });

describe('infra/doctor/gather-kubernetes', () => {
  const tmp = useTempDir('gather-kube');
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('gathers contexts, exec plugins and probes the current context\'s cluster', async () => {
    server = await startHttpServer((req, res) => {
      res.writeHead(req.headers.authorization === 'Bearer from-file' ? 200 : 401, { 'content-type': 'application/json' });
      res.end(versionBody);
    });
    const home = tmp();
    const bin = path.join(home, 'bin-on-path');
    const plugin = await writeFile(bin, 'gke-gcloud-auth-plugin', '#!/bin/sh\nexit 1\n', 0o755);
    await writeFile(home, '.kube/token', 'from-file\n');
    const file = await writeFile(
      home,
      '.kube/config',
      `apiVersion: v1
current-context: local
clusters:
  - {name: local, cluster: {server: "${server.origin}"}}
  - {name: gke, cluster: {server: "https://34.90.12.7"}}
users:
  - {name: local-sa, user: {tokenFile: token}}
  - {name: gke-user, user: {exec: {command: gke-gcloud-auth-plugin, apiVersion: client.authentication.k8s.io/v1beta1}}}
  - {name: aks-user, user: {exec: {command: mlc-unit-missing-kubelogin}}}
contexts:
  - {name: local, context: {cluster: local, user: local-sa, namespace: ml}}
  - {name: gke, context: {cluster: gke, user: gke-user}}
  - {name: aks, context: {cluster: nowhere, user: aks-user}}
`,
    );
    const facts = await gatherKubernetesFacts({ HOME: home, PATH: bin }, 'linux');
    assert.equal(facts.source, 'default');
    assert.deepEqual(facts.files, [{ path: file, exists: true }]);
    assert.deepEqual(facts.contexts, [
      { name: 'local', cluster: 'local', user: 'local-sa', namespace: 'ml', server: server.origin },
      { name: 'gke', cluster: 'gke', user: 'gke-user', server: 'https://34.90.12.7', execCommand: 'gke-gcloud-auth-plugin' },
      { name: 'aks', cluster: 'nowhere', user: 'aks-user', execCommand: 'mlc-unit-missing-kubelogin' },
    ]);
    assert.equal(facts.currentContext, 'local');
    assert.deepEqual(facts.execPlugins, [
      { command: 'gke-gcloud-auth-plugin', users: ['gke-user'], resolvedPath: plugin },
      { command: 'mlc-unit-missing-kubelogin', users: ['aks-user'] },
    ]);
    assert.deepEqual(facts.probe, { ok: true, gitVersion: 'v1.34.4', platform: 'linux/amd64' });
  });

  it('does not probe without a current context, and reports a context whose cluster is undefined', async () => {
    const home = tmp();
    await writeFile(home, '.kube/config', 'contexts:\n  - {name: a, context: {cluster: ghost, user: u}}\n');
    const none = await gatherKubernetesFacts({ HOME: home, PATH: '' }, 'linux');
    assert.equal(none.probe, undefined);
    assert.equal('currentContext' in none, false);
    await writeFile(home, '.kube/config', 'current-context: a\ncontexts:\n  - {name: a, context: {cluster: ghost, user: u}}\n');
    const ghost = await gatherKubernetesFacts({ HOME: home, PATH: '' }, 'linux');
    assert.deepEqual(ghost.probe, { ok: false, kind: 'config', message: 'context "a" names cluster "ghost", which is not defined' });
  });

  it('resolves a relative exec command with a path separator against the kubeconfig\'s folder (as client-go does)', async () => {
    const dir = tmp();
    const plugin = await writeFile(dir, 'kube/bin/get-token', '#!/bin/sh\nexit 1\n', 0o755);
    await writeFile(dir, 'kube/config', 'users:\n  - {name: u, user: {exec: {command: ./bin/get-token}}}\n');
    const facts = await gatherKubernetesFacts({ KUBECONFIG: path.join(dir, 'kube/config'), PATH: '' }, 'linux');
    assert.equal(facts.execPlugins[0]?.resolvedPath, plugin);
  });

  it('resolves each file\'s relative paths against that file\'s folder when the cluster and user come from different files', async () => {
    server = await startHttpServer((req, res) => {
      res.writeHead(req.headers.authorization === 'Bearer team-token' ? 200 : 401, { 'content-type': 'application/json' });
      res.end(versionBody);
    });
    const dir = tmp();
    // ~/.kube/config holds the user (with a token file next to it) and the current context.
    await writeFile(dir, 'home/token', 'team-token\n');
    const userFile = await writeFile(
      dir,
      'home/config',
      'current-context: team\nusers:\n  - {name: me, user: {tokenFile: token}}\ncontexts:\n  - {name: team, context: {cluster: team, user: me}}\n',
    );
    // The team's shared file holds the cluster, with its CA next to it.
    await writeFile(dir, 'team/ca.crt', 'not checked over plain HTTP, but read like kubectl would');
    const clusterFile = await writeFile(dir, 'team/kubeconfig', `clusters:\n  - {name: team, cluster: {server: "${server.origin}", certificate-authority: ca.crt}}\n`);
    const facts = await gatherKubernetesFacts({ KUBECONFIG: `${userFile}:${clusterFile}`, PATH: '' }, 'linux');
    assert.deepEqual(facts.probe, { ok: true, gitVersion: 'v1.34.4', platform: 'linux/amd64' });
  });
});
