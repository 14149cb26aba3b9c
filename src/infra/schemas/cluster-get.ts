// Read-only GETs to a cluster's API server with a kubeconfig context's certificate or token
// credentials, without loading client-node: fetching CRD schemas must stay light.
import * as http from 'node:http';
import * as https from 'node:https';
import type { ClientOptions } from '../../core/kubernetes/client-options';
import { readSmallFile } from '../fs/read-text-file';

export type ClusterGet = (path: string, accept?: string) => Promise<unknown>;

const timeoutMs = 15_000;
const fromBase64 = (s: string): Buffer => Buffer.from(s, 'base64');

async function tlsOptions(options: ClientOptions): Promise<https.RequestOptions & { headers: Record<string, string> }> {
  const cluster = options.clusters[0];
  const user = options.users[0];
  if (!cluster) {
    throw new Error('The kubeconfig context names no cluster.');
  }
  if (user?.exec) {
    throw new Error(`Context ${options.currentContext} signs in through the credential plugin "${user.exec.command}"; reading the cluster's CRD schemas needs certificate or token credentials.`);
  }
  const read = async (data: string | undefined, file: string | undefined) => (data ? fromBase64(data) : file ? await readSmallFile(file) : undefined);
  const headers: Record<string, string> = {};
  if (user?.token) {
    headers.authorization = `Bearer ${user.token}`;
  } else if (user?.username !== undefined && user.password !== undefined) {
    headers.authorization = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;
  }
  return {
    ca: await read(cluster.caData, cluster.caFile),
    cert: await read(user?.certData, user?.certFile),
    key: await read(user?.keyData, user?.keyFile),
    rejectUnauthorized: !cluster.skipTLSVerify,
    ...(cluster.tlsServerName ? { servername: cluster.tlsServerName } : {}),
    headers,
  };
}

/** A GET function for the context's API server: JSON bodies, a clear error for any non-200 answer. */
export async function clusterGet(options: ClientOptions): Promise<ClusterGet> {
  const cluster = options.clusters[0];
  const tls = await tlsOptions(options);
  const base = cluster!.server.replace(/\/$/, '');
  return (path, accept = 'application/json') => new Promise((resolve, reject) => {
    const url = new URL(base + path);
    const send = url.protocol === 'https:' ? https.request : http.request;
    const req = send(url, { ...tls, method: 'GET', headers: { ...tls.headers, accept }, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) {
          reject(new Error(`GET ${path}: HTTP ${res.statusCode ?? 0} ${text.slice(0, 200)}`));
          return;
        }
        try {
          resolve(JSON.parse(text));
        } catch {
          reject(new Error(`GET ${path}: the answer is not JSON`));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path}: no answer from ${url.host} within ${timeoutMs / 1000} s`)));
    req.on('error', reject);
    req.end();
  });
}
