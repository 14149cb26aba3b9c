import type { DockerFailureKind } from '../doctor/facts';

const tlsCodes = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT|EPROTO$)/;

/** Maps a Node/engine error (code + message) to the failure a user can act on. */
export function classifyDockerError(code: string | undefined, message: string, statusCode?: number): DockerFailureKind {
  switch (code) {
    case 'ENOENT':
      return 'socket-missing';
    case 'EACCES':
    case 'EPERM':
      return 'permission-denied';
    case 'ECONNREFUSED':
    case 'ECONNRESET':
    case 'EPIPE': // a daemon shutting down accepts a connection and closes it under the request
      return 'connection-refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host-not-found';
    case 'ETIMEDOUT':
    case 'ESOCKETTIMEDOUT':
    case 'ABORT_ERR':
      return 'timeout';
  }
  if (code && tlsCodes.test(code)) {
    return 'tls';
  }
  if (statusCode === 400 && /client version .* is too (new|old)|minimum supported API version/i.test(message)) {
    return 'api-too-old';
  }
  if (/timed? ?out/i.test(message)) {
    return 'timeout';
  }
  if (/certificate|tls|ssl/i.test(message)) {
    return 'tls';
  }
  return 'other';
}
