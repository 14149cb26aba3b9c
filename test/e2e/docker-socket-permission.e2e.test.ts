import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { runDoctorCli, type CliOptions } from './support/cli';
import { finding } from './support/doctor';
import { engineVersion, groupByName, groupNameOf, restoreSocketOwnership, socketOwnership, type SocketOwnership } from './support/engine';
import { dockerSocket } from './support/paths';
import { runProcess } from './support/process';
import { makeTempDir } from './support/temp';

// Root bypasses file permissions, so these tests run the CLI as the unprivileged user "nobody"
// (setpriv, no supplementary groups) against the real socket with mode 660.
const nobody: CliOptions['asUser'] = { user: 'nobody', group: 'nogroup' };

describe('Check Environment when the Docker socket refuses this user (permission denied)', function () {
  let saved: SocketOwnership;
  let home: string;

  before(async function () {
    assert.equal(process.getuid?.(), 0, 'these tests change the socket mode and switch users: run the e2e tier as root');
    saved = await socketOwnership();
    // A HOME that nobody can read, so no unreadable-config problem muddies the result.
    home = await makeTempDir('home-nobody', 0o755);
    const canRun = await runProcess('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--', process.execPath, '-e', 'process.stdout.write(String(process.getuid()))']);
    assert.equal(canRun.code, 0, `node must be runnable by nobody: ${canRun.stderr}`);
    assert.notEqual(canRun.stdout, '0');
  });

  afterEach(async function () {
    await restoreSocketOwnership(saved);
  });

  after(async function () {
    await restoreSocketOwnership(saved);
    const now = await socketOwnership();
    assert.deepEqual(now, saved, 'the socket mode and group are restored');
  });

  it('reports permission-denied and names the socket group in the fix', async function () {
    await fs.chmod(dockerSocket, 0o660);
    const group = await groupNameOf(saved.gid);
    assert.ok(group, `the socket's gid ${saved.gid} has a name in /etc/group`);
    const run = await runDoctorCli({ HOME: home }, { asUser: nobody });
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.json.docker.reachable, false);
    assert.equal(run.json.docker.failure, 'permission-denied');
    const reachable = finding(run.json, 'docker.reachable');
    assert.equal(reachable.status, 'error');
    assert.match(reachable.summary, /permission denied/);
    assert.ok((reachable.fix ?? '').includes(`usermod -aG ${group} `), reachable.fix);
    assert.ok(reachable.details?.includes(`${dockerSocket} has mode 660 and group ${group}.`), JSON.stringify(reachable.details));
    assert.ok(reachable.details?.some((x) => x.startsWith('EACCES')), JSON.stringify(reachable.details));
  });

  it('follows the socket to another group: the fix names that group, not a hard-coded "docker"', async function () {
    const usersGid = await groupByName('users');
    assert.ok(usersGid !== undefined, 'Debian has a "users" group');
    await fs.chown(dockerSocket, saved.uid, usersGid);
    await fs.chmod(dockerSocket, 0o660);
    const run = await runDoctorCli({ HOME: home }, { asUser: nobody });
    assert.equal(run.json.docker.failure, 'permission-denied');
    const reachable = finding(run.json, 'docker.reachable');
    assert.ok((reachable.fix ?? '').includes('usermod -aG users '), reachable.fix);
    assert.ok(!(reachable.fix ?? '').includes('usermod -aG docker'), reachable.fix);
    assert.ok(reachable.details?.includes(`${dockerSocket} has mode 660 and group users.`), JSON.stringify(reachable.details));
  });

  it('the same user in the socket group reaches the engine (what the fix promises)', async function () {
    await fs.chmod(dockerSocket, 0o660);
    const run = await runDoctorCli({ HOME: home }, { asUser: { user: 'nobody', group: 'nogroup', supplementaryGids: [saved.gid] } });
    assert.equal(run.json.docker.failure, null, JSON.stringify(finding(run.json, 'docker.reachable')));
    assert.equal(run.json.docker.reachable, true);
    assert.equal(run.json.docker.serverVersion, (await engineVersion()).Version);
  });
});
