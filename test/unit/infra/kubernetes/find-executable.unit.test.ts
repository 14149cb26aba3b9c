import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { extraSearchDirs, findExecutable } from '../../../../src/infra/kubernetes/find-executable';
import { useTempDir, writeFile } from '../../support/temp-dir';

const script = '#!/bin/sh\necho ok\n';
const missingName = 'mlc-unit-no-such-credential-plugin';

describe('infra/kubernetes/find-executable', () => {
  const tmp = useTempDir('find-exec');

  it('finds a command on PATH', async () => {
    const bin = path.join(tmp(), 'bin');
    const plugin = await writeFile(bin, 'gke-gcloud-auth-plugin', script, 0o755);
    assert.equal(await findExecutable('gke-gcloud-auth-plugin', { PATH: `/nonexistent:${bin}`, HOME: tmp() }, 'linux'), plugin);
  });

  it('skips a file that is not executable and a directory of the same name', async () => {
    const first = path.join(tmp(), 'first');
    const second = path.join(tmp(), 'second');
    const third = path.join(tmp(), 'third');
    await writeFile(first, 'kubelogin', script, 0o644);
    await fs.mkdir(path.join(second, 'kubelogin'), { recursive: true });
    const real = await writeFile(third, 'kubelogin', script, 0o755);
    assert.equal(await findExecutable('kubelogin', { PATH: [first, second, third].join(':'), HOME: tmp() }, 'linux'), real);
  });

  it('checks an absolute path as it is, without searching', async () => {
    const plugin = await writeFile(tmp(), path.join('opt', 'aws'), script, 0o755);
    assert.equal(await findExecutable(plugin, { PATH: '' }, 'linux'), plugin);
    const notExec = await writeFile(tmp(), path.join('opt', 'aws-data'), script, 0o600);
    assert.equal(await findExecutable(notExec, { PATH: path.dirname(notExec) }, 'linux'), undefined);
    assert.equal(await findExecutable(path.join(tmp(), 'opt', 'gone'), {}, 'linux'), undefined);
  });

  it('looks in the usual install folders under HOME that a desktop PATH lacks', async () => {
    const home = tmp();
    const plugin = await writeFile(home, path.join('.krew', 'bin', 'kubectl-oidc_login'), script, 0o755);
    assert.equal(await findExecutable('kubectl-oidc_login', { PATH: '', HOME: home }, 'linux'), plugin);
    assert.deepEqual(extraSearchDirs({ HOME: '/home/ada' }, 'linux').slice(0, 5), [
      '/home/ada/.local/bin',
      '/home/ada/bin',
      '/home/ada/go/bin',
      '/home/ada/.krew/bin',
      '/home/ada/google-cloud-sdk/bin',
    ]);
    assert.ok(extraSearchDirs({ HOME: '/Users/cy' }, 'darwin').includes('/opt/homebrew/bin'));
    assert.ok(!extraSearchDirs({ HOME: '/home/ada' }, 'linux').includes('/opt/homebrew/bin'));
  });

  it('returns undefined for a command that is nowhere', async () => {
    assert.equal(await findExecutable(missingName, { PATH: tmp(), HOME: tmp() }, 'linux'), undefined);
  });

  it('tries PATHEXT extensions on Windows', async () => {
    const bin = path.join(tmp(), 'bin');
    const plugin = await writeFile(bin, 'kubelogin.CMD', script, 0o755);
    assert.equal(await findExecutable('kubelogin', { PATH: bin, PATHEXT: '.EXE;.CMD', HOME: tmp() }, 'win32'), plugin);
  });
});
