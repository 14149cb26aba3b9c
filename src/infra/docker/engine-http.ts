import * as http from 'node:http';
import * as https from 'node:https';
import { unixSocketPath } from '../../core/docker/endpoint';
import { readPem } from './tls-material';
import type { DockerEndpoint } from '../../core/doctor/facts';

export class EngineHttpError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
  }
}

/** Whether a plain HTTP request can reach this endpoint (ssh:// needs dockerode's tunnel). */
export function speaksPlainHttp(endpoint: DockerEndpoint): boolean {
  return /^(unix|npipe|tcp|http|https):/.test(endpoint.host);
}

/** One small JSON GET against the Engine API; used where loading dockerode would cost more than the call. */
export function engineGetJson<T>(endpoint: DockerEndpoint, apiPath: string, timeoutMs: number, signal?: AbortSignal): Promise<T> {
  const url = new URL(endpoint.host);
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let options: https.RequestOptions;
  let client: typeof http | typeof https = http;
  if (url.protocol === 'unix:') {
    options = { socketPath: unixSocketPath(endpoint.host) };
  } else if (url.protocol === 'npipe:') {
    options = { socketPath: endpoint.host.slice('npipe:'.length).replace(/\//g, '\\') };
  } else {
    const tls = endpoint.tls ?? (url.protocol === 'https:' ? { verify: true } : undefined);
    client = tls ? https : http;
    options = {
      host: url.hostname,
      port: url.port || (tls ? 2376 : 2375),
      ...(tls
        ? { ca: readPem(tls.certPath, 'ca.pem'), cert: readPem(tls.certPath, 'cert.pem'), key: readPem(tls.certPath, 'key.pem'), rejectUnauthorized: tls.verify }
        : {}),
    };
  }
  return new Promise<T>((resolve, reject) => {
    const req = client.request({ ...options, path: apiPath, method: 'GET', headers: { Accept: 'application/json', Host: 'docker' }, signal: combined }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        if (status < 200 || status >= 300) {
          const message = (body as { message?: string } | undefined)?.message ?? `HTTP ${status}`;
          reject(new EngineHttpError(message, status));
          return;
        }
        if (body === undefined) {
          reject(new Error(`the endpoint answered ${apiPath} with something that is not JSON: is it a Docker Engine?`));
          return;
        }
        resolve(body as T);
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (timeout.aborted && !signal?.aborted) {
        reject(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }));
      } else {
        reject(err);
      }
    });
    req.end();
  });
}
