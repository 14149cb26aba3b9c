import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import * as path from 'node:path';
import { DockerConnection, type ConnectionState } from '../../../src/infra/docker/docker-connection';
import { engineAnswers } from '../support/engine';
import { runId } from '../support/paths';
import { runProcess, waitFor } from '../support/process';
import { makeTempDir } from '../support/temp';

export const testLabel = { 'mlc.test': runId };
export const testImage = `mlc-e2e-busybox:${runId}`;
export const testRepository = 'mlc-e2e-busybox';

async function docker(args: string[], timeoutMs = 120_000): Promise<string> {
  const r = await runProcess('docker', ['--host', 'unix:///var/run/docker.sock', ...args], { timeoutMs });
  if (r.code !== 0) {
    throw new Error(`docker ${args.join(' ')} exited ${String(r.code)}: ${r.stderr}`);
  }
  return r.stdout;
}

/** Builds the tiny test image (FROM scratch + Debian's static busybox) with this run's label, unless it exists; no registry needed. */
export async function ensureTestImage(): Promise<void> {
  const present = await runProcess('docker', ['--host', 'unix:///var/run/docker.sock', 'image', 'inspect', testImage], { timeoutMs: 30_000 });
  if (present.code === 0) {
    return;
  }
  const dir = await makeTempDir('busybox-context');
  await fs.copyFile('/bin/busybox', path.join(dir, 'busybox'));
  await fs.writeFile(
    path.join(dir, 'Dockerfile'),
    'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\nCMD ["sh"]\n',
  );
  await docker(['build', '--quiet', '--label', `mlc.test=${runId}`, '--tag', testImage, dir], 180_000);
}

/**
 * Removes every container and image carrying this run's label (containers first). The engine is
 * shared with other suites that stop and restart it: wait for it to answer, never start it here.
 */
export async function removeLabelled(): Promise<void> {
  await waitFor('the Docker Engine to answer before cleaning up', engineAnswers, 90_000, 200);
  const containers = (await docker(['ps', '-aq', '--filter', `label=mlc.test=${runId}`])).split('\n').filter(Boolean);
  if (containers.length > 0) {
    await docker(['rm', '-f', '-v', ...containers]);
  }
  const images = [...new Set((await docker(['images', '-aq', '--filter', `label=mlc.test=${runId}`])).split('\n').filter(Boolean))];
  if (images.length > 0) {
    await docker(['rmi', '-f', ...images]);
  }
}

/** A connection to the tier's engine, as the views use it, with short backoff for tests. */
export function testConnection(): DockerConnection {
  return new DockerConnection({
    resolveEndpoint: () => Promise.resolve({ endpoint: { host: 'unix:///var/run/docker.sock', source: 'default' }, problems: [] }),
    backoffBaseMs: 200,
    backoffMaxMs: 1000,
  });
}

/** Resolves with the first state the connection reaches that satisfies `test` (now or later). */
export function waitForState<T extends ConnectionState>(connection: DockerConnection, test: (s: ConnectionState) => s is T, timeoutMs = 60_000): Promise<T> {
  if (test(connection.state)) {
    return Promise.resolve(connection.state);
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms; last state: ${JSON.stringify(connection.state)}`));
    }, timeoutMs);
    const sub = connection.onStateChange((s) => {
      if (test(s)) {
        clearTimeout(timer);
        sub.dispose();
        resolve(s);
      }
    });
  });
}

export const isConnected = (s: ConnectionState): s is Extract<ConnectionState, { kind: 'connected' }> => s.kind === 'connected';
export const isFailed = (s: ConnectionState): s is Extract<ConnectionState, { kind: 'failed' }> => s.kind === 'failed';

/** GET on 127.0.0.1 only: the tier never sends traffic elsewhere. */
export function getLoopback(url: string, timeoutMs = 5000): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  assert.equal(u.hostname, '127.0.0.1', 'tests only talk to 127.0.0.1');
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url}`)));
    req.on('error', reject);
  });
}

/** Polls a loopback URL until it answers 200 (the server in the container needs a moment to listen). */
export async function waitForHttp(url: string, timeoutMs = 20_000): Promise<string> {
  let body = '';
  await waitFor(`${url} to answer`, async () => {
    try {
      const r = await getLoopback(url, 2000);
      body = r.body;
      return r.status === 200;
    } catch {
      return false;
    }
  }, timeoutMs, 100);
  return body;
}

/** Collects text from a callback until `predicate` holds. */
export class TextCollector {
  text = '';
  private waiters: { test: (t: string) => boolean; resolve: () => void }[] = [];

  readonly push = (chunk: string): void => {
    this.text += chunk;
    this.waiters = this.waiters.filter((w) => {
      if (w.test(this.text)) {
        w.resolve();
        return false;
      }
      return true;
    });
  };

  until(test: (t: string) => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    if (test(this.text)) {
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; got: ${JSON.stringify(this.text.slice(-500))}`)), timeoutMs);
      this.waiters.push({
        test,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }
}
