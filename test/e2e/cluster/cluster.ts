// The real Kubernetes test cluster (scripts/cluster/*.sh) as the e2e tier uses it: bring it up or
// reuse it, run kubectl against it without a shell, wait on conditions with deadlines.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const clusterScripts = path.join(repoRoot, 'scripts', 'cluster');

/** What up.sh writes to <state>/cluster.json. */
export interface ClusterInfo {
  kubeconfig: string;
  context: string;
  server: string;
  kubernetesVersion: string;
  stateDir: string;
  binDir: string;
  kwokLogsFile: string;
  kwokExecWorkDir: string;
  kwokCrds: string[];
  ports: Record<string, number>;
  pids: Record<string, number>;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a program without a shell; never rejects on a non-zero exit. */
export function run(
  file: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
      killSignal: 'SIGKILL',
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (c: Buffer) => out.push(c));
    child.stderr?.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
    if (options.input !== undefined) {
      child.stdin?.end(options.input);
    }
  });
}

/** Polls `probe` until it returns a value other than undefined/false, or the deadline passes. */
export async function waitUntil<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) {
        return value;
      }
    } catch (e) {
      last = e;
    }
    if (Date.now() >= deadline) {
      const why = last instanceof Error ? `; last error: ${last.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export function stateDir(): string {
  return process.env.MLC_CLUSTER_DIR ?? path.join(os.homedir(), '.cache', 'ml-containers', 'cluster');
}

export interface ClusterUp {
  info: ClusterInfo;
  /** true when this call started the cluster, false when it reused a running one. */
  started: boolean;
  ms: number;
}

/**
 * Runs up.sh (which builds the binaries on first use: allow for a long first run) with a lease for
 * this process, and reads cluster.json. Idempotent: a healthy cluster is reused.
 */
export async function upCluster(lease: string, timeoutMs: number): Promise<ClusterUp> {
  const t0 = performance.now();
  const r = await run('bash', [path.join(clusterScripts, 'up.sh'), '--lease', lease], { timeoutMs });
  if (r.code !== 0) {
    throw new Error(`scripts/cluster/up.sh failed (exit ${r.code ?? r.signal}):\n${r.stderr.slice(-4000)}`);
  }
  const m = /^cluster: (started|reused)$/m.exec(r.stdout);
  if (!m) {
    throw new Error(`unexpected output from up.sh:\n${r.stdout}`);
  }
  const info = JSON.parse(fs.readFileSync(path.join(stateDir(), 'cluster.json'), 'utf8')) as ClusterInfo;
  return { info, started: m[1] === 'started', ms: performance.now() - t0 };
}

/**
 * Gives the lease back: the cluster stops when no other live lease is left, unless it was started
 * with `up.sh --keep` (for manual exploration).
 */
export async function releaseCluster(lease: string): Promise<RunResult> {
  return run('bash', [path.join(clusterScripts, 'down.sh'), '--release', lease], { timeoutMs: 120_000 });
}

/** kubectl bound to the test cluster's admin kubeconfig. */
export class Kubectl {
  readonly file: string;

  constructor(readonly info: ClusterInfo) {
    const built = path.join(info.binDir, 'kubectl');
    this.file = fs.existsSync(built) ? built : 'kubectl';
  }

  run(args: readonly string[], options: { input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
    return run(this.file, ['--kubeconfig', this.info.kubeconfig, ...args], options);
  }

  /** Runs kubectl and returns stdout; throws with stderr on failure. */
  async ok(args: readonly string[], options: { input?: string; timeoutMs?: number } = {}): Promise<string> {
    const r = await this.run(args, options);
    if (r.code !== 0) {
      throw new Error(`kubectl ${args.join(' ')} exited ${r.code ?? r.signal}: ${r.stderr.trim()}`);
    }
    return r.stdout;
  }

  async json<T>(args: readonly string[]): Promise<T> {
    return JSON.parse(await this.ok([...args, '-o', 'json'])) as T;
  }

  /** Server-side apply of objects given as plain JSON (no shell, no temp files). */
  async apply(objects: readonly object[]): Promise<string> {
    const list = { apiVersion: 'v1', kind: 'List', items: objects };
    return this.ok(['apply', '--server-side', '--field-manager=mlc-e2e', '-f', '-'], { input: JSON.stringify(list) });
  }

  /** Pods are admitted only once the controller-manager has created the namespace's default account. */
  async defaultServiceAccount(namespace: string): Promise<void> {
    await waitUntil('the default service account', async () => (await this.run(['get', 'serviceaccount', 'default', '-n', namespace])).code === 0, 60_000);
  }

  /** A namespace ready for pods. */
  async namespace(name: string, labels: Record<string, string>): Promise<void> {
    await this.apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } }]);
    await this.defaultServiceAccount(name);
  }
}

// Minimal shapes of the objects the tests read.
export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}
export interface Node {
  metadata: { name: string; labels?: Record<string, string> };
  spec: { taints?: { key: string; value?: string; effect: string }[] };
  status: { allocatable?: Record<string, string>; capacity?: Record<string, string>; conditions?: Condition[] };
}
export interface Pod {
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
  spec: { nodeName?: string };
  status: { phase?: string; conditions?: Condition[] };
}
export interface KubeEvent {
  reason?: string;
  message?: string;
  type?: string;
  involvedObject: { kind?: string; name?: string };
}
export interface List<T> {
  items: T[];
}

export function isReady(conditions: Condition[] | undefined): boolean {
  return conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}
