import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

export interface TestServer {
  origin: string;
  port: number;
  requests: SeenRequest[];
  close(): Promise<void>;
}

async function listen(server: http.Server | https.Server, scheme: 'http' | 'https'): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  server.prependListener('request', (req: http.IncomingMessage) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${scheme}://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An HTTP server on 127.0.0.1 owned by the test; close() drops open connections too. */
export function startHttpServer(handler: http.RequestListener): Promise<TestServer> {
  return listen(http.createServer(handler), 'http');
}

export function startHttpsServer(options: https.ServerOptions, handler: http.RequestListener): Promise<TestServer> {
  return listen(https.createServer(options, handler), 'https');
}

/** A loopback port that nothing listens on (it was bound and released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
