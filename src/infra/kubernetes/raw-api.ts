// Plain JSON requests to the API server with the kubeconfig's credentials, for the generic verbs
// (server-side apply, read, merge patch) on any kind, CRDs included. Bodies go to the server untouched:
// client-node's typed serializers would drop fields they do not know, hiding the server's validation.
import * as https from 'node:https';
import * as http from 'node:http';
import type * as k8s from '@kubernetes/client-node';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
  }
}

export interface RawRequest {
  method: 'GET' | 'PATCH' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  body?: string;
  contentType?: string;
  /** e.g. the Table or PartialObjectMetadataList representation. */
  accept?: string;
}

export async function rawRequest<T>(kc: k8s.KubeConfig, req: RawRequest): Promise<T> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    throw new Error('The kubeconfig has no current cluster.');
  }
  const url = new URL(cluster.server.replace(/\/$/, '') + req.path);
  for (const [k, v] of Object.entries(req.query ?? {})) {
    url.searchParams.set(k, v);
  }
  const options: https.RequestOptions = {
    method: req.method,
    headers: { accept: req.accept ?? 'application/json', ...(req.body !== undefined ? { 'content-type': req.contentType ?? 'application/json' } : {}) },
  };
  await kc.applyToHTTPSOptions(options);
  const send = url.protocol === 'https:' ? https.request : http.request;
  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const r = send(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(req.body);
  });
  if (status < 200 || status >= 300) {
    let message = text.slice(0, 500);
    let reason: string | undefined;
    try {
      const s = JSON.parse(text) as { message?: string; reason?: string };
      message = s.message ?? message;
      reason = s.reason;
    } catch {
      // not a Status object
    }
    throw new ApiError(status, message, reason);
  }
  return JSON.parse(text) as T;
}
