import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { KubeCluster, KubeUser } from '../../../../src/core/kubernetes/kubeconfig';
import { CredentialError, credentialsFor } from '../../../../src/infra/kubernetes/credentials';
import { useTempDir, writeFile } from '../../support/temp-dir';

const cluster: KubeCluster = { name: 'kind-dev', server: 'https://127.0.0.1:40123' };
const b64 = (text: string) => Buffer.from(text).toString('base64');

async function rejectsWith(work: Promise<unknown>, kind: CredentialError['kind'], message: RegExp): Promise<void> {
  await assert.rejects(work, (err: unknown) => {
    assert.ok(err instanceof CredentialError, `a CredentialError, got ${String(err)}`);
    assert.equal(err.kind, kind);
    assert.match(err.message, message);
    return true;
  });
}

describe('infra/kubernetes/credentials', () => {
  const tmp = useTempDir('credentials');

  it('sends a static token as a Bearer header and verifies TLS by default', async () => {
    const creds = await credentialsFor(cluster, { name: 'ci-bot', token: 'static-token' }, tmp(), undefined);
    assert.deepEqual(creds, { headers: { Authorization: 'Bearer static-token' }, rejectUnauthorized: true });
  });

  it('reads a tokenFile relative to the kubeconfig\'s folder, trimmed', async () => {
    const kubeDir = tmp();
    await writeFile(kubeDir, path.join('secrets', 'lab.token'), '  file-token-123\n');
    const creds = await credentialsFor(cluster, { name: 'lab-sa', tokenFile: 'secrets/lab.token' }, kubeDir, undefined);
    assert.equal(creds.headers.Authorization, 'Bearer file-token-123');
  });

  it('reports an unreadable tokenFile as a config problem naming the full path', async () => {
    const kubeDir = tmp();
    await rejectsWith(credentialsFor(cluster, { name: 'lab-sa', tokenFile: 'missing.token' }, kubeDir, undefined), 'config', new RegExp(`^cannot read ${path.join(kubeDir, 'missing.token')}: `));
  });

  it('prefers an inline token over a tokenFile', async () => {
    const creds = await credentialsFor(cluster, { name: 'u', token: 'inline', tokenFile: '/nonexistent/never-read' }, tmp(), undefined);
    assert.equal(creds.headers.Authorization, 'Bearer inline');
  });

  it('sends basic auth when there is a username and password and no token', async () => {
    const creds = await credentialsFor(cluster, { name: 'lab-basic', username: 'admin', password: 'hunter2' }, tmp(), undefined);
    assert.equal(creds.headers.Authorization, `Basic ${Buffer.from('admin:hunter2').toString('base64')}`);
    const empty = await credentialsFor(cluster, { name: 'lab-basic', username: 'admin', password: '' }, tmp(), undefined);
    assert.equal(empty.headers.Authorization, `Basic ${Buffer.from('admin:').toString('base64')}`);
    const userOnly = await credentialsFor(cluster, { name: 'half', username: 'admin' }, tmp(), undefined);
    assert.deepEqual(userOnly.headers, {});
  });

  it('decodes client certificate, key and CA data, and passes tls-server-name and insecure-skip-tls-verify', async () => {
    const creds = await credentialsFor(
      { name: 'onprem', server: 'https://10.20.0.1:6443', certificateAuthorityData: b64('CA PEM'), insecureSkipTlsVerify: true, tlsServerName: 'kubernetes.default.svc' },
      { name: 'kind-dev', clientCertificateData: b64('CERT PEM'), clientKeyData: b64('KEY PEM') },
      tmp(),
      undefined,
    );
    assert.deepEqual(creds.headers, {});
    assert.equal(creds.cert?.toString(), 'CERT PEM');
    assert.equal(creds.key?.toString(), 'KEY PEM');
    assert.equal(creds.ca?.toString(), 'CA PEM');
    assert.equal(creds.rejectUnauthorized, false);
    assert.equal(creds.servername, 'kubernetes.default.svc');
  });

  it('reads certificate and CA files relative to the kubeconfig\'s folder', async () => {
    const kubeDir = tmp();
    await writeFile(kubeDir, 'certs/admin.crt', 'ADMIN CERT');
    await writeFile(kubeDir, 'certs/admin.key', 'ADMIN KEY');
    const ca = await writeFile(kubeDir, 'ca/absolute-ca.crt', 'ABS CA');
    const creds = await credentialsFor(
      { name: 'onprem', server: 'https://10.20.0.1:6443', certificateAuthority: ca },
      { name: 'onprem-admin', clientCertificate: 'certs/admin.crt', clientKey: 'certs/admin.key' },
      kubeDir,
      undefined,
    );
    assert.equal(creds.cert?.toString(), 'ADMIN CERT');
    assert.equal(creds.key?.toString(), 'ADMIN KEY');
    assert.equal(creds.ca?.toString(), 'ABS CA');
  });

  describe('exec credential plugins', () => {
    it('runs the plugin with its args and env and sends the token it prints as a Bearer header', async () => {
      const dir = tmp();
      const seenInfo = path.join(dir, 'exec-info.json');
      const plugin = await writeFile(
        dir,
        'bin/fake-auth-plugin',
        [
          '#!/bin/sh',
          `printf '%s' "$KUBERNETES_EXEC_INFO" > '${seenInfo}'`,
          'printf \'{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s-%s-%s"}}\' "$1" "$2" "$MLC_PROFILE"',
          '',
        ].join('\n'),
        0o755,
      );
      const user: KubeUser = {
        name: 'eks',
        exec: { command: 'fake-auth-plugin', args: ['get-token', 'train'], env: [{ name: 'MLC_PROFILE', value: 'ml-admin' }], apiVersion: 'client.authentication.k8s.io/v1beta1' },
      };
      const creds = await credentialsFor(cluster, user, dir, plugin);
      assert.deepEqual(creds.headers, { Authorization: 'Bearer get-token-train-ml-admin' });
      const info = JSON.parse(await fs.readFile(seenInfo, 'utf8')) as { apiVersion: string; kind: string; spec: { interactive: boolean; cluster: { server: string } } };
      assert.deepEqual(info, {
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        kind: 'ExecCredential',
        spec: { interactive: false, cluster: { server: 'https://127.0.0.1:40123' } },
      });
    });

    it('takes client certificate data from the plugin', async () => {
      const plugin = await writeFile(
        tmp(),
        'cert-plugin',
        '#!/bin/sh\necho \'{"kind":"ExecCredential","status":{"clientCertificateData":"-----BEGIN CERTIFICATE-----","clientKeyData":"-----BEGIN EC PRIVATE KEY-----"}}\'\n',
        0o755,
      );
      const creds = await credentialsFor(cluster, { name: 'u', exec: { command: 'cert-plugin', args: [], env: [] } }, tmp(), plugin);
      assert.deepEqual(creds.headers, {});
      assert.equal(creds.cert?.toString(), '-----BEGIN CERTIFICATE-----');
      assert.equal(creds.key?.toString(), '-----BEGIN EC PRIVATE KEY-----');
    });

    it('reports a failing plugin as exec-plugin with the first line of its stderr', async () => {
      const plugin = await writeFile(tmp(), 'expired-plugin', '#!/bin/sh\necho "error: the SSO session has expired" >&2\necho "run aws sso login" >&2\nexit 1\n', 0o755);
      await rejectsWith(
        credentialsFor(cluster, { name: 'u', exec: { command: 'aws', args: [], env: [] } }, tmp(), plugin),
        'exec-plugin',
        /^credential plugin aws failed: error: the SSO session has expired$/,
      );
    });

    it('reports a plugin that prints no ExecCredential as exec-plugin', async () => {
      const plugin = await writeFile(tmp(), 'chatty-plugin', '#!/bin/sh\necho "Opening browser for login..."\n', 0o755);
      await rejectsWith(
        credentialsFor(cluster, { name: 'u', exec: { command: 'kubelogin', args: [], env: [] } }, tmp(), plugin),
        'exec-plugin',
        /^credential plugin kubelogin did not print an ExecCredential$/,
      );
    });

    it('reports a plugin that is not installed as exec-plugin', async () => {
      await rejectsWith(
        credentialsFor(cluster, { name: 'u', exec: { command: 'gke-gcloud-auth-plugin', args: [], env: [] } }, tmp(), undefined),
        'exec-plugin',
        /^credential plugin gke-gcloud-auth-plugin is not installed \(not on PATH\)$/,
      );
    });
  });

  it('refuses a legacy auth-provider as a config problem', async () => {
    await rejectsWith(credentialsFor(cluster, { name: 'legacy-gcp', authProvider: 'gcp' }, tmp(), undefined), 'config', /legacy auth-provider "gcp" is no longer supported/);
  });
});
