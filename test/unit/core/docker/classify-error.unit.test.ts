import * as assert from 'node:assert/strict';
import { classifyDockerError } from '../../../../src/core/docker/classify-error';
import type { DockerFailureKind } from '../../../../src/core/doctor/facts';

describe('core/docker/classify-error', () => {
  const byCode: [string, DockerFailureKind][] = [
    ['ENOENT', 'socket-missing'],
    ['EACCES', 'permission-denied'],
    ['EPERM', 'permission-denied'],
    ['ECONNREFUSED', 'connection-refused'],
    ['ECONNRESET', 'connection-refused'],
    ['ENOTFOUND', 'host-not-found'],
    ['EAI_AGAIN', 'host-not-found'],
    ['ETIMEDOUT', 'timeout'],
    ['ESOCKETTIMEDOUT', 'timeout'],
    ['ABORT_ERR', 'timeout'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls'],
    ['CERT_HAS_EXPIRED', 'tls'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'tls'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'tls'],
    ['EPROTO', 'tls'],
  ];
  for (const [code, kind] of byCode) {
    it(`classifies ${code} as ${kind}`, () => {
      assert.equal(classifyDockerError(code, `connect ${code} /var/run/docker.sock`), kind);
    });
  }

  it('does not take EPROTONOSUPPORT for a TLS failure', () => {
    assert.equal(classifyDockerError('EPROTONOSUPPORT', 'protocol not supported'), 'other');
  });

  it('lets the code win over the wording of the message', () => {
    assert.equal(classifyDockerError('ENOENT', 'connect ENOENT: timed out waiting for certificate'), 'socket-missing');
  });

  it('recognises an engine whose API is too old (HTTP 400 from a Docker 19.03 daemon)', () => {
    const message = '(HTTP code 400) unexpected - client version 1.41 is too new. Maximum supported API version is 1.40';
    assert.equal(classifyDockerError(undefined, message, 400), 'api-too-old');
    assert.equal(classifyDockerError(undefined, 'client version 1.41 is too old. Minimum supported API version is 1.12', 400), 'api-too-old');
    assert.equal(classifyDockerError(undefined, 'Bad request: the minimum supported API version is 1.41', 400), 'api-too-old');
  });

  it('does not call the same text api-too-old without status 400', () => {
    assert.equal(classifyDockerError(undefined, 'client version 1.41 is too new. Maximum supported API version is 1.40', 500), 'other');
    assert.equal(classifyDockerError(undefined, 'client version 1.41 is too new. Maximum supported API version is 1.40'), 'other');
  });

  it('falls back to the message for timeouts and TLS when there is no code', () => {
    assert.equal(classifyDockerError(undefined, 'Request timed out'), 'timeout');
    assert.equal(classifyDockerError(undefined, 'socket timeout after 5000ms'), 'timeout');
    assert.equal(classifyDockerError(undefined, 'self-signed certificate in certificate chain'), 'tls');
    assert.equal(classifyDockerError(undefined, 'Client sent an HTTP request to an HTTPS server (TLS required)'), 'tls');
  });

  it('is other for anything else', () => {
    assert.equal(classifyDockerError(undefined, '(HTTP code 500) server error - boom'), 'other');
    assert.equal(classifyDockerError('EIO', 'socket hang up'), 'other');
    assert.equal(classifyDockerError(undefined, ''), 'other');
  });
});
