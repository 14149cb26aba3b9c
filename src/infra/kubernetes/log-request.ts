// One pods/log request, read as it arrives. Not client-node's Log: it drops the server's Status
// message on errors (a 400 "waiting to start" and a 403 both read "Error occurred in log request")
// and turns a refused connection into an HTTP 500, so callers could not tell what went wrong.
import * as http from 'node:http';
import * as https from 'node:https';
import type { Writable } from 'node:stream';
import type * as k8s from '@kubernetes/client-node';
import type { LogOptions } from './cluster-client';
import { ApiError } from './raw-api';

/** How long the API server may take to answer (headers, not lines: a quiet log is fine). */
export const logAnswerTimeoutMs = 20_000;

export function logUrl(server: string, namespace: string, pod: string, container: string, options: LogOptions): URL {
  const url = new URL(`${server.replace(/\/$/, '')}/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`);
  const q = url.searchParams;
  q.set('container', container);
  if (options.follow) {
    q.set('follow', 'true');
  }
  if (options.tailLines !== undefined) {
    q.set('tailLines', String(options.tailLines));
  }
  if (options.sinceTime !== undefined) {
    q.set('sinceTime', options.sinceTime);
  } else if (options.sinceSeconds !== undefined) {
    q.set('sinceSeconds', String(options.sinceSeconds));
  }
  if (options.timestamps) {
    q.set('timestamps', 'true');
  }
  return url;
}

function statusError(status: number, body: string): ApiError {
  try {
    const s = JSON.parse(body) as { message?: string; reason?: string };
    return new ApiError(status, s.message ?? body.slice(0, 500), s.reason);
  } catch {
    return new ApiError(status, body.slice(0, 500) || `HTTP ${status}`);
  }
}

/**
 * Writes a container's log into `out` until the server ends it (resolves), the signal aborts
 * (resolves), or it fails: an ApiError with the server's message, or the connection's error.
 */
export async function streamLog(kc: k8s.KubeConfig, namespace: string, pod: string, container: string, out: Writable, options: LogOptions, signal: AbortSignal): Promise<void> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    throw new Error('The kubeconfig has no current cluster.');
  }
  const url = logUrl(cluster.server, namespace, pod, container, options);
  const requestOptions: https.RequestOptions = { method: 'GET', headers: { accept: '*/*' } };
  await kc.applyToHTTPSOptions(requestOptions);
  if (signal.aborted) {
    return;
  }
  const send = url.protocol === 'https:' ? https.request : http.request;
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (err?: unknown) => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(answerTimer);
      signal.removeEventListener('abort', onAbort);
      if (err === undefined || signal.aborted) {
        resolve();
      } else {
        reject(err instanceof Error ? err : new Error('the log request failed'));
      }
    };
    const req = send(url, requestOptions, (res) => {
      clearTimeout(answerTimer);
      const status = res.statusCode ?? 0;
      if (status !== 200) {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body = (body + c).slice(0, 65_536)));
        res.on('end', () => settle(statusError(status, body)));
        res.on('error', settle);
        return;
      }
      res.on('data', (chunk: Buffer) => out.write(chunk));
      res.on('error', () => undefined);
      res.on('close', () => settle(res.complete ? undefined : new Error('the connection to the API server closed mid-stream')));
    });
    const answerTimer = setTimeout(() => {
      req.destroy(new Error(`the API server did not answer within ${logAnswerTimeoutMs / 1000} s`));
    }, logAnswerTimeoutMs);
    const onAbort = () => {
      req.destroy();
      settle();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('error', settle);
    req.end();
  });
}
