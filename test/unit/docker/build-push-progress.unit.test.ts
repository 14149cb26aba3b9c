import * as assert from 'node:assert/strict';
import { explainPushError, PushProgress } from '../../../src/core/docker/build-push-progress';

describe('push progress and errors', function () {
  it('tracks each layer and the digest', function () {
    const p = new PushProgress();
    p.apply({ status: 'The push refers to repository [127.0.0.1:5000/m]' });
    p.apply({ status: 'Preparing', id: 'aaaaaaaaaaaa' });
    p.apply({ status: 'Preparing', id: 'bbbbbbbbbbbb' });
    assert.deepEqual(p.apply({ status: 'Pushing', id: 'aaaaaaaaaaaa', progressDetail: { current: 512, total: 1024 } }), { id: 'aaaaaaaaaaaa', status: 'Pushing', current: 512, total: 1024 });
    p.apply({ status: 'Pushed', id: 'aaaaaaaaaaaa' });
    p.apply({ status: 'Layer already exists', id: 'bbbbbbbbbbbb' });
    p.apply({ status: 'latest: digest: sha256:abc size: 528', aux: { Tag: 'latest', Digest: 'sha256:abc', Size: 528 } });
    assert.equal(p.summary(), '2/2 layer(s) pushed');
    assert.equal(p.digest, 'sha256:abc');
    p.apply({ errorDetail: { message: 'denied: requested access to the resource is denied' }, error: 'x' });
    assert.equal(p.error, 'denied: requested access to the resource is denied');
  });

  it('explains the common failures in one sentence', function () {
    assert.match(explainPushError('Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused', '127.0.0.1:1'), /Cannot reach the registry 127\.0\.0\.1:1: connection refused/);
    assert.match(explainPushError('unauthorized: authentication required', 'ghcr.io'), /docker login ghcr\.io/);
    assert.match(explainPushError('denied: requested access to the resource is denied', 'docker.io'), /denied the push/);
    assert.match(explainPushError('http: server gave HTTP response to HTTPS client', 'r:5000'), /insecure-registries/);
    assert.equal(explainPushError('something new', 'r'), 'something new');
  });
});
