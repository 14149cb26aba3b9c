import * as fs from 'node:fs/promises';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { runProcess } from './process';
import { makeTempDir } from './temp';

// A stand-in for the Kubernetes API server's /version endpoint: a TLS server on 127.0.0.1 that
// checks a bearer token and answers with a Kubernetes-shaped version body. The real API server
// comes with the Kubernetes issue; this one only lets the cluster probe be tested end to end.

export const standInVersion = {
  major: '1',
  minor: '34',
  gitVersion: 'v1.34.4',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.24.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export interface SeenRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  accept: string | undefined;
}

export interface VersionStandIn {
  url: string;
  /** The self-signed serving certificate (PEM), which is also its own CA. */
  certPem: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

/** A self-signed certificate for 127.0.0.1 and localhost, made with openssl. */
async function selfSignedCert(): Promise<{ cert: string; key: string }> {
  const dir = await makeTempDir('standin-tls');
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  const res = await runProcess('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-days', '2', '-subj', '/CN=mlc-e2e-version-standin',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout', keyFile, '-out', certFile,
  ]);
  if (res.code !== 0) {
    throw new Error(`openssl failed (${String(res.code)}): ${res.stderr}`);
  }
  return { cert: await fs.readFile(certFile, 'utf8'), key: await fs.readFile(keyFile, 'utf8') };
}

export async function startVersionStandIn(token: string): Promise<VersionStandIn> {
  const { cert, key } = await selfSignedCert();
  const seen: SeenRequest[] = [];
  const server = https.createServer({ cert, key }, (req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, accept: req.headers.accept });
    const json = (status: number, body: object) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${token}`) {
      json(401, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
      return;
    }
    if (req.method === 'GET' && req.url === '/version') {
      json(200, standInVersion);
      return;
    }
    json(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    certPem: cert,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
