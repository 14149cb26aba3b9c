import * as http from 'node:http';
import * as https from 'node:https';
import type { ClusterProbe } from '../../core/doctor/facts';
import type { KubeCluster, KubeUser } from '../../core/kubernetes/kubeconfig';
import { CredentialError, credentialsFor } from './credentials';

const tlsError = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT|ERR_SSL|EPROTO)/;

function classify(err: NodeJS.ErrnoException): Extract<ClusterProbe, { ok: false }>['kind'] {
  if (err.code && tlsError.test(err.code)) {
    return 'tls';
  }
  if (err.code === 'ETIMEDOUT' || err.name === 'AbortError' || err.code === 'ABORT_ERR') {
    return 'timeout';
  }
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET'].includes(err.code ?? '')) {
    return 'unreachable';
  }
  return 'other';
}

/** GETs /version from the context's API server with its credentials. Never throws. */
export async function probeClusterVersion(
  cluster: KubeCluster,
  user: KubeUser,
  baseDir: string,
  execPluginPath: string | undefined,
  timeoutMs = 5000,
  signal?: AbortSignal,
): Promise<ClusterProbe> {
  if (!cluster.server) {
    return { ok: false, kind: 'config', message: `cluster "${cluster.name}" has no server address` };
  }
  let url: URL;
  try {
    url = new URL('version', cluster.server.endsWith('/') ? cluster.server : `${cluster.server}/`);
  } catch {
    return { ok: false, kind: 'config', message: `cluster "${cluster.name}" has an invalid server address` };
  }
  let creds;
  try {
    creds = await credentialsFor(cluster, user, baseDir, execPluginPath, signal);
  } catch (err) {
    return { ok: false, kind: err instanceof CredentialError ? err.kind : 'other', message: (err as Error).message };
  }
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  return new Promise<ClusterProbe>((resolve) => {
    const client = url.protocol === 'https:' ? https : http;
    const req = client.get(
      url,
      { headers: { Accept: 'application/json', ...creds.headers }, ca: creds.ca, cert: creds.cert, key: creds.key, rejectUnauthorized: creds.rejectUnauthorized, servername: creds.servername, signal: combined },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= 64 * 1024) {
            chunks.push(c);
          }
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status === 401) {
            resolve({ ok: false, kind: 'unauthorized', message: 'the API server answered 401 Unauthorized' });
            return;
          }
          if (status === 403) {
            resolve({ ok: false, kind: 'forbidden', message: 'the API server answered 403 Forbidden for /version' });
            return;
          }
          try {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { gitVersion?: string; platform?: string };
            if (status === 200 && body.gitVersion) {
              resolve({ ok: true, gitVersion: body.gitVersion, ...(body.platform ? { platform: body.platform } : {}) });
              return;
            }
          } catch {
            // fall through: not a Kubernetes API server
          }
          resolve({ ok: false, kind: 'other', message: `${url.origin} answered HTTP ${status} without a Kubernetes version: is this an API server?` });
        });
        res.on('error', (err) => resolve({ ok: false, kind: classify(err), message: err.message }));
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      const kind = timeout.aborted ? 'timeout' : classify(err);
      resolve({ ok: false, kind, message: kind === 'timeout' ? `no answer from ${url.origin} within ${timeoutMs} ms` : `${err.code ? `${err.code}: ` : ''}${err.message}` });
    });
  });
}
