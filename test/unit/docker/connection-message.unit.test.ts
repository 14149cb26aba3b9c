import * as assert from 'node:assert/strict';
import { classifyDockerError } from '../../../src/core/docker/classify-error';
import { connectionFailureView } from '../../../src/core/docker/connection-message';

const local = { host: 'unix:///var/run/docker.sock', source: 'default' as const };

describe('core/docker/connection-message', () => {
  it('says the daemon is not running, where, and how to start it', () => {
    const v = connectionFailureView({ ok: false, kind: 'socket-missing', code: 'ENOENT', message: 'connect ENOENT /var/run/docker.sock' }, local);
    assert.equal(v.label, 'Cannot reach Docker: the daemon is not running');
    assert.equal(v.endpointText, 'unix:///var/run/docker.sock (default)');
    assert.match(v.summary, /not running/);
    assert.match(v.fix ?? '', /Start the daemon/);
    assert.deepEqual(v.details, ['ENOENT: connect ENOENT /var/run/docker.sock']);
    assert.equal(connectionFailureView({ ok: false, kind: 'connection-refused', message: 'x' }, local).label, 'Cannot reach Docker: the daemon is not running');
  });

  it('a daemon that closes the connection while shutting down (EPIPE) is "not running", not "unexpected error"', () => {
    assert.equal(classifyDockerError('EPIPE', 'write EPIPE'), 'connection-refused');
  });

  it('names the socket group in the permission fix when the socket facts know it', () => {
    const v = connectionFailureView({ ok: false, kind: 'permission-denied', code: 'EACCES', message: 'connect EACCES' }, local, {
      path: '/var/run/docker.sock',
      exists: true,
      mode: 0o140660,
      ownerUid: 0,
      ownerGid: 998,
      groupName: 'docker',
      userInGroup: false,
    });
    assert.equal(v.label, 'Cannot reach Docker: permission denied on the Docker socket');
    assert.match(v.fix ?? '', /usermod -aG docker \$USER/);
    assert.ok(v.details.some((d) => d.includes('mode 660')));
  });

  it('names the context the endpoint came from', () => {
    const v = connectionFailureView({ ok: false, kind: 'tls', message: 'bad cert' }, { host: 'tcp://gpu:2376', source: 'docker-config', contextName: 'gpu-box' });
    assert.equal(v.label, 'Cannot reach Docker: the TLS handshake failed');
    assert.equal(v.endpointText, 'tcp://gpu:2376 (context gpu-box)');
    assert.equal(connectionFailureView({ ok: false, kind: 'other', message: 'x' }, undefined).endpointText, 'no endpoint resolved');
  });
});
