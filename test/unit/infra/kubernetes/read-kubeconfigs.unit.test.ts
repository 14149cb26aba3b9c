import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { kubeconfigPaths, loadKubeconfigs } from '../../../../src/infra/kubernetes/read-kubeconfigs';
import { readFixture } from '../../support/fixtures';
import { useTempDir, writeFile } from '../../support/temp-dir';

const fileA = `apiVersion: v1
kind: Config
current-context: dev
clusters:
  - name: dev
    cluster: {server: "https://127.0.0.1:6443", certificate-authority: ca.crt}
  - name: shared
    cluster: {server: "https://from-a.example"}
users:
  - name: dev-admin
    user: {client-certificate: admin.crt, client-key: admin.key}
contexts:
  - name: dev
    context: {cluster: dev, user: dev-admin}
`;

const fileB = `apiVersion: v1
kind: Config
current-context: prod
clusters:
  - name: shared
    cluster: {server: "https://from-b.example"}
  - name: prod
    cluster: {server: "https://prod.example:443"}
users:
  - name: prod-sa
    user: {tokenFile: prod.token}
contexts:
  - name: prod
    context: {cluster: prod, user: prod-sa, namespace: serving}
  - name: dev
    context: {cluster: shared, user: prod-sa}
`;

describe('infra/kubernetes/read-kubeconfigs', () => {
  const tmp = useTempDir('kubeconfig');

  describe('kubeconfigPaths', () => {
    it('prefers the setting, then KUBECONFIG, then ~/.kube/config', () => {
      assert.deepEqual(kubeconfigPaths({ KUBECONFIG: '/a:/b', HOME: '/home/ada' }, 'linux', '/etc/kube.yaml'), { source: 'setting', paths: ['/etc/kube.yaml'] });
      assert.deepEqual(kubeconfigPaths({ KUBECONFIG: '/a::/b:/a', HOME: '/home/ada' }, 'linux'), { source: 'KUBECONFIG', paths: ['/a', '/b'] });
      assert.deepEqual(kubeconfigPaths({ KUBECONFIG: 'C:\\k\\a;D:\\b', HOME: '/home/ada' }, 'win32'), { source: 'KUBECONFIG', paths: ['C:\\k\\a', 'D:\\b'] });
      assert.deepEqual(kubeconfigPaths({ HOME: '/home/ada' }, 'linux'), { source: 'default', paths: [path.join('/home/ada', '.kube', 'config')] });
      assert.deepEqual(kubeconfigPaths({ KUBECONFIG: '', HOME: '/home/ada' }, 'linux').source, 'default');
    });
  });

  describe('loadKubeconfigs', () => {
    it('reads ~/.kube/config through HOME by default', async () => {
      const home = tmp();
      const file = await writeFile(home, path.join('.kube', 'config'), readFixture('kubeconfig', 'multi-cloud.yaml'));
      const loaded = await loadKubeconfigs({ HOME: home }, 'linux');
      assert.equal(loaded.source, 'default');
      assert.deepEqual(loaded.files, [{ path: file, exists: true }]);
      assert.equal(loaded.merged.currentContext, 'kind-dev');
      assert.equal(loaded.merged.contexts.length, 5);
      const kubeDir = path.join(home, '.kube');
      assert.equal(loaded.merged.clusters.find((c) => c.name === 'onprem')?.certificateAuthority, path.join(kubeDir, 'certs', 'onprem-ca.crt'));
      const admin = loaded.merged.users.find((u) => u.name === 'onprem-admin');
      assert.equal(admin?.clientCertificate, path.join(kubeDir, 'certs', 'admin.crt'));
      assert.equal(admin?.clientKey, path.join(kubeDir, 'certs', 'admin.key'));
      assert.equal(loaded.merged.users.find((u) => u.name === 'lab-sa')?.tokenFile, path.join(kubeDir, 'secrets', 'lab.token'));
    });

    it('reports a missing default file as not existing', async () => {
      const loaded = await loadKubeconfigs({ HOME: tmp() }, 'linux');
      assert.deepEqual(loaded.files, [{ path: path.join(tmp(), '.kube', 'config'), exists: false }]);
      assert.deepEqual(loaded.merged, { clusters: [], users: [], contexts: [] });
    });

    it('merges the KUBECONFIG list in order, first definition and first current-context winning, and notes missing files', async () => {
      const dir = tmp();
      const a = await writeFile(dir, path.join('a', 'config'), fileA);
      const b = await writeFile(dir, path.join('b', 'config'), fileB);
      const missing = path.join(dir, 'c', 'config');
      const loaded = await loadKubeconfigs({ KUBECONFIG: [a, missing, b, a].join(':'), HOME: dir }, 'linux');
      assert.equal(loaded.source, 'KUBECONFIG');
      assert.deepEqual(loaded.files, [
        { path: a, exists: true },
        { path: missing, exists: false },
        { path: b, exists: true },
      ]);
      assert.equal(loaded.merged.currentContext, 'dev');
      assert.deepEqual(
        loaded.merged.contexts.map((c) => `${c.name}->${c.cluster}`),
        ['dev->dev', 'prod->prod'],
      );
      assert.deepEqual(
        loaded.merged.clusters.map((c) => `${c.name}@${c.server ?? ''}`),
        ['dev@https://127.0.0.1:6443', 'shared@https://from-a.example', 'prod@https://prod.example:443'],
      );
      assert.deepEqual(loaded.merged.users.map((u) => u.name), ['dev-admin', 'prod-sa']);
    });

    it('resolves each file\'s relative paths against that file\'s folder, keeping absolute ones', async () => {
      const dir = tmp();
      const a = await writeFile(dir, path.join('a', 'config'), fileA);
      const b = await writeFile(dir, path.join('b', 'config'), fileB.replace('tokenFile: prod.token', 'tokenFile: /etc/kube/prod.token'));
      const loaded = await loadKubeconfigs({ KUBECONFIG: `${a}:${b}` }, 'linux');
      assert.equal(loaded.merged.clusters.find((c) => c.name === 'dev')?.certificateAuthority, path.join(dir, 'a', 'ca.crt'));
      assert.equal(loaded.merged.clusters.find((c) => c.name === 'prod')?.certificateAuthority, undefined);
      const admin = loaded.merged.users.find((u) => u.name === 'dev-admin');
      assert.equal(admin?.clientCertificate, path.join(dir, 'a', 'admin.crt'));
      assert.equal(admin?.clientKey, path.join(dir, 'a', 'admin.key'));
      assert.equal(loaded.merged.users.find((u) => u.name === 'prod-sa')?.tokenFile, '/etc/kube/prod.token');
    });

    it('uses only the setting when it is given', async () => {
      const dir = tmp();
      const a = await writeFile(dir, 'a.yaml', fileA);
      const b = await writeFile(dir, 'b.yaml', fileB);
      const loaded = await loadKubeconfigs({ KUBECONFIG: a, HOME: dir }, 'linux', b);
      assert.equal(loaded.source, 'setting');
      assert.deepEqual(loaded.files, [{ path: b, exists: true }]);
      assert.equal(loaded.merged.currentContext, 'prod');
    });

    it('keeps going past malformed, binary and directory entries, recording each problem', async () => {
      const dir = tmp();
      const good = await writeFile(dir, 'good.yaml', fileB);
      const scalar = await writeFile(dir, 'scalar.yaml', 'hello');
      const binary = await writeFile(dir, 'binary.yaml', Buffer.from([0x61, 0x3a, 0x00, 0x62]));
      const folder = path.join(dir, 'folder');
      await writeFile(folder, 'placeholder', '');
      const loaded = await loadKubeconfigs({ KUBECONFIG: [scalar, binary, folder, good].join(':') }, 'linux');
      assert.deepEqual(loaded.files, [
        { path: scalar, exists: true, problem: 'the top level is not a mapping' },
        { path: binary, exists: true, problem: 'binary content, not text' },
        { path: folder, exists: true, problem: 'not a regular file' },
        { path: good, exists: true },
      ]);
      assert.equal(loaded.merged.currentContext, 'prod');
    });
  });
});
