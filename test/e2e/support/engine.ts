import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import { dockerSocket, provisionScript, repoRoot } from './paths';
import { runProcess, waitFor, type ProcessResult } from './process';

/** Asks the engine directly over its unix socket: the independent view the tests compare against. */
export function engineGet<T>(apiPath: string, timeoutMs = 5000): Promise<{ status: number; body: T }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath: dockerSocket, path: apiPath, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode ?? 0, body: (res.headers['content-type']?.includes('json') ? JSON.parse(text) : text) as T });
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${dockerSocket} within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

export interface EngineVersion {
  Version: string;
  ApiVersion: string;
  Os: string;
  Arch: string;
}

export interface EngineInfo {
  Runtimes: Record<string, unknown>;
  DefaultRuntime: string;
}

export async function engineAnswers(): Promise<boolean> {
  try {
    const res = await engineGet<string>('/_ping', 2000);
    return res.status === 200 && res.body === 'OK';
  } catch {
    return false;
  }
}

export async function engineVersion(): Promise<EngineVersion> {
  const res = await engineGet<EngineVersion>('/version');
  if (res.status !== 200) {
    throw new Error(`GET /version answered ${res.status}`);
  }
  return res.body;
}

export async function engineInfo(): Promise<EngineInfo> {
  const res = await engineGet<EngineInfo>('/info');
  if (res.status !== 200) {
    throw new Error(`GET /info answered ${res.status}`);
  }
  return res.body;
}

/** Runs scripts/provision/docker-engine.sh with the given action. */
export function provision(action: 'start' | 'stop' | 'status'): Promise<ProcessResult> {
  return runProcess('bash', [provisionScript, action], { cwd: repoRoot, timeoutMs: 180_000 });
}

/** Starts the engine (no-op when it answers) and waits until it answers; throws with the script's output otherwise. */
export async function ensureEngineRunning(): Promise<void> {
  if (await engineAnswers()) {
    return;
  }
  const result = await provision('start');
  if (result.code !== 0) {
    throw new Error(`docker-engine.sh start exited ${String(result.code)}:\n${result.stdout}${result.stderr}`);
  }
  await waitFor('the Docker Engine to answer /_ping', engineAnswers, 60_000);
}

export interface SocketOwnership {
  mode: number;
  uid: number;
  gid: number;
}

export async function socketOwnership(): Promise<SocketOwnership> {
  const st = await fs.stat(dockerSocket);
  return { mode: st.mode & 0o777, uid: st.uid, gid: st.gid };
}

export async function restoreSocketOwnership(saved: SocketOwnership): Promise<void> {
  await fs.chown(dockerSocket, saved.uid, saved.gid);
  await fs.chmod(dockerSocket, saved.mode);
}

/** The gid of a group named in /etc/group. */
export async function groupByName(name: string): Promise<number | undefined> {
  const text = await fs.readFile('/etc/group', 'utf8');
  for (const line of text.split('\n')) {
    const [groupName, , gid] = line.split(':');
    if (groupName === name && gid !== undefined) {
      return Number(gid);
    }
  }
  return undefined;
}

export async function groupNameOf(gid: number): Promise<string | undefined> {
  const text = await fs.readFile('/etc/group', 'utf8');
  for (const line of text.split('\n')) {
    const [groupName, , id] = line.split(':');
    if (groupName && id !== undefined && Number(id) === gid) {
      return groupName;
    }
  }
  return undefined;
}
