import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as path from 'node:path';
import { readSocketFacts } from '../../../../src/infra/docker/socket-facts';
import { useTempDir } from '../../support/temp-dir';

describe('infra/docker/socket-facts', () => {
  const tmp = useTempDir('socket');

  it('says nothing for endpoints that are not unix sockets', async () => {
    for (const host of ['tcp://127.0.0.1:2375', 'ssh://ada@gpu-box', 'npipe:////./pipe/docker_engine']) {
      assert.equal(await readSocketFacts({ host, source: 'DOCKER_HOST' }), undefined, host);
    }
  });

  it('reports a missing socket', async () => {
    const socketPath = path.join(tmp(), 'docker.sock');
    assert.deepEqual(await readSocketFacts({ host: `unix://${socketPath}`, source: 'DOCKER_HOST' }), { path: socketPath, exists: false });
  });

  it('reports owner, group and mode of a real unix socket', async () => {
    const socketPath = path.join(tmp(), 'docker.sock');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, () => resolve()));
    try {
      await fs.chmod(socketPath, 0o660);
      const stat = await fs.stat(socketPath);
      const facts = await readSocketFacts({ host: `unix://${socketPath}`, source: 'DOCKER_HOST' });
      assert.equal(facts?.path, socketPath);
      assert.equal(facts?.exists, true);
      assert.equal((facts?.mode ?? 0) & 0o170000, 0o140000, 'a socket');
      assert.equal((facts?.mode ?? 0) & 0o777, 0o660);
      assert.equal(facts?.ownerUid, stat.uid);
      assert.equal(facts?.ownerGid, stat.gid);
      assert.equal(facts?.userInGroup, true, 'this process created it, so it is in its group');
      const groupLine = (await fs.readFile('/etc/group', 'utf8')).split('\n').find((l) => l.split(':')[2] === String(stat.gid));
      assert.equal(facts?.groupName, groupLine?.split(':')[0]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
