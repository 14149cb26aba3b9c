import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { build } from 'esbuild';
import type { ConnectionFailureView } from '../../../src/core/docker/connection-message';
import type { ConnectionState } from '../../../src/infra/docker/docker-connection';
import { engineVersion, groupNameOf, restoreSocketOwnership, socketOwnership, type SocketOwnership } from '../support/engine';
import { dockerSocket } from '../support/paths';
import { runProcess } from '../support/process';
import { makeTempDir } from '../support/temp';

interface ProbeOutput {
  state: ConnectionState;
  view?: ConnectionFailureView;
}

// Root bypasses file permissions: the connection runs as "nobody" (setpriv) against the real socket with mode 660.
describe('Docker views when the socket refuses this user (permission denied)', function () {
  this.timeout(120_000);
  let saved: SocketOwnership;
  let probeDir: string;
  let home: string;

  before(async function () {
    assert.equal(process.getuid?.(), 0, 'this test changes the socket mode and switches users: run the e2e tier as root');
    saved = await socketOwnership();
    probeDir = await makeTempDir('connection-probe', 0o755);
    home = await makeTempDir('home-nobody', 0o755);
    await build({
      entryPoints: [path.join(__dirname, 'probe', 'connection-probe.ts')],
      outfile: path.join(probeDir, 'probe.js'),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: ['cpu-features', '*.node'],
      logLevel: 'silent',
    });
    await fs.chmod(path.join(probeDir, 'probe.js'), 0o644);
  });

  after(async function () {
    await restoreSocketOwnership(saved);
  });

  async function probeAs(groups: string[]): Promise<ProbeOutput> {
    const r = await runProcess('setpriv', ['--reuid=nobody', '--regid=nogroup', ...groups, '--', process.execPath, path.join(probeDir, 'probe.js')], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home },
      cwd: probeDir,
    });
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as ProbeOutput;
  }

  it('shows "permission denied on the Docker socket" with the group fix, not a raw EACCES', async function () {
    await fs.chmod(dockerSocket, 0o660);
    const group = await groupNameOf(saved.gid);
    assert.ok(group);
    const { state, view } = await probeAs(['--clear-groups']);
    assert.equal(state.kind, 'failed');
    assert.equal(state.kind === 'failed' && state.failure.kind, 'permission-denied');
    assert.equal(view?.label, 'Cannot reach Docker: permission denied on the Docker socket');
    assert.ok(view?.fix?.includes(`usermod -aG ${group} $USER`), view?.fix);
    assert.ok(view?.details.includes(`${dockerSocket} has mode 660 and group ${group}.`), JSON.stringify(view?.details));
  });

  it('the same user in the socket group connects (what the fix promises)', async function () {
    await fs.chmod(dockerSocket, 0o660);
    const { state } = await probeAs([`--groups=${saved.gid}`]);
    assert.equal(state.kind, 'connected', JSON.stringify(state));
    assert.equal(state.kind === 'connected' && state.engine.serverVersion, (await engineVersion()).Version);
  });
});
