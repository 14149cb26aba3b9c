import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { authFromHelperOutput, authSourceFor, decodeAuthField, describeAuthSource, hostOfKey, registryOf } from '../../../src/core/docker/build-registry-auth';
import { resolveRegistryAuth, runCredentialHelper } from '../../../src/infra/docker/registry-auth';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('registry auth from the docker config', function () {
  it('finds the registry of an image reference', function () {
    assert.equal(registryOf('model'), 'docker.io');
    assert.equal(registryOf('team/model:1'), 'docker.io');
    assert.equal(registryOf('ghcr.io/team/model:1'), 'ghcr.io');
    assert.equal(registryOf('127.0.0.1:5000/model'), '127.0.0.1:5000');
    assert.equal(registryOf('localhost/model'), 'localhost');
    assert.equal(registryOf('index.docker.io/library/x'), 'docker.io');
    assert.equal(hostOfKey('https://index.docker.io/v1/'), 'index.docker.io');
  });

  it('auths: base64 user:password (colons in the password kept), identity tokens, Docker Hub key', function () {
    assert.deepEqual(decodeAuthField(b64('me:pa:ss')), { username: 'me', password: 'pa:ss' });
    assert.equal(decodeAuthField(b64('no-colon')), undefined);
    const config = { auths: { 'https://index.docker.io/v1/': { auth: b64('hub:secret') }, 'ghcr.io': { identitytoken: 'tok' } } };
    assert.deepEqual(authSourceFor(config, 'docker.io'), { kind: 'auths', registry: 'docker.io', auth: { serveraddress: 'https://index.docker.io/v1/', username: 'hub', password: 'secret' } });
    assert.deepEqual(authSourceFor(config, 'ghcr.io'), { kind: 'auths', registry: 'ghcr.io', auth: { serveraddress: 'ghcr.io', identitytoken: 'tok' } });
    assert.deepEqual(authSourceFor(config, 'quay.io'), { kind: 'none', registry: 'quay.io' });
    assert.equal(authSourceFor({ auths: { 'quay.io': { auth: '%%%' } } }, 'quay.io').kind, 'invalid');
  });

  it('credHelpers beat credsStore, which beats auths; odd helper names are refused', function () {
    const config = { credsStore: 'desktop', credHelpers: { 'gcr.io': 'gcloud' }, auths: { 'quay.io': { auth: b64('a:b') } } };
    assert.deepEqual(authSourceFor(config, 'gcr.io'), { kind: 'helper', helper: 'gcloud', serverUrl: 'gcr.io', registry: 'gcr.io' });
    assert.deepEqual(authSourceFor(config, 'quay.io'), { kind: 'helper', helper: 'desktop', serverUrl: 'quay.io', registry: 'quay.io' });
    assert.equal(authSourceFor({ credsStore: '../../bin/sh' }, 'quay.io').kind, 'invalid');
  });

  it('reads helper output; <token> means an identity token', function () {
    assert.deepEqual(authFromHelperOutput('{"ServerURL":"x","Username":"u","Secret":"s"}', 'x'), { serveraddress: 'x', username: 'u', password: 's' });
    assert.deepEqual(authFromHelperOutput('{"Username":"<token>","Secret":"t"}', 'x'), { serveraddress: 'x', identitytoken: 't' });
    assert.equal(authFromHelperOutput('nope', 'x'), undefined);
  });

  it('descriptions for logs never hold the secret', function () {
    const source = authSourceFor({ auths: { 'quay.io': { auth: b64('user:TOPSECRET') } } }, 'quay.io');
    assert.doesNotMatch(describeAuthSource(source), /TOPSECRET|user/);
  });
});

describe('credential helpers (a fake docker-credential-* on a temp PATH)', function () {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  before(async function () {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mlc-auth-'));
    const bin = path.join(dir, 'bin');
    await fs.mkdir(bin);
    // Echoes what it was asked on stdin, so the test sees the server URL went in on stdin, not argv.
    await fs.writeFile(
      path.join(bin, 'docker-credential-fake'),
      '#!/bin/sh\n[ "$1" = get ] || exit 2\nread -r server\ncase "$server" in\n  *nothing*) echo "credentials not found in native keychain"; exit 1;;\n  *broken*) echo "boom: $server" >&2; exit 3;;\nesac\nprintf \'{"ServerURL":"%s","Username":"robot","Secret":"s3cret-for-%s"}\' "$server" "$server"\n',
      { mode: 0o755 },
    );
    await fs.mkdir(path.join(dir, 'cfg'));
    await fs.writeFile(path.join(dir, 'cfg', 'config.json'), JSON.stringify({ credsStore: 'fake', credHelpers: { 'nothing.example': 'fake', 'missing.example': 'absent' } }));
    env = { PATH: `${bin}:/usr/bin:/bin`, DOCKER_CONFIG: path.join(dir, 'cfg'), HOME: dir };
  });

  after(async function () {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('passes the server URL on stdin and returns the credentials', async function () {
    assert.deepEqual(await runCredentialHelper('fake', 'ghcr.io', { env }), { serveraddress: 'ghcr.io', username: 'robot', password: 's3cret-for-ghcr.io' });
    const r = await resolveRegistryAuth('team/model:1', { env });
    assert.equal(r.auth?.password, 's3cret-for-https://index.docker.io/v1/');
  });

  it('"credentials not found" means anonymous; a missing helper or a failing one is a clear error without output', async function () {
    const r = await resolveRegistryAuth('nothing.example/model', { env });
    assert.equal(r.auth, undefined);
    assert.equal(r.source.kind, 'helper');
    await assert.rejects(resolveRegistryAuth('missing.example/m', { env }), /docker-credential-absent is not on PATH/);
    await assert.rejects(runCredentialHelper('fake', 'broken.example', { env }), (err: Error) => /exit 3/.test(err.message) && !err.message.includes('boom'));
  });

  it('no config file: anonymous', async function () {
    const r = await resolveRegistryAuth('quay.io/x', { env: { ...env, DOCKER_CONFIG: path.join(dir, 'none') } });
    assert.deepEqual(r, { source: { kind: 'none', registry: 'quay.io' } });
  });
});
