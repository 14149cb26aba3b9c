import { execFile } from 'node:child_process';
import * as path from 'node:path';
import type { KubeCluster, KubeUser } from '../../core/kubernetes/kubeconfig';
import { readSmallFile } from '../fs/read-text-file';

export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
  servername?: string;
}

export interface RequestCredentials extends TlsMaterial {
  headers: Record<string, string>;
}

export class CredentialError extends Error {
  constructor(
    message: string,
    readonly kind: 'exec-plugin' | 'config',
  ) {
    super(message);
  }
}

const fromData = (data: string | undefined): Buffer | undefined => (data ? Buffer.from(data, 'base64') : undefined);

async function fromFile(file: string | undefined, baseDir: string): Promise<Buffer | undefined> {
  if (!file) {
    return undefined;
  }
  const full = path.isAbsolute(file) ? file : path.join(baseDir, file);
  try {
    return await readSmallFile(full);
  } catch (err) {
    throw new CredentialError((err as Error).message, 'config');
  }
}

interface ExecCredentialStatus {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
}

/** Runs a client-go credential plugin without a shell and returns its ExecCredential status. */
function runExecPlugin(user: KubeUser, pluginPath: string, cluster: KubeCluster, signal?: AbortSignal): Promise<ExecCredentialStatus> {
  const exec = user.exec;
  if (!exec) {
    return Promise.resolve({});
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const e of exec.env) {
    env[e.name] = e.value;
  }
  env.KUBERNETES_EXEC_INFO = JSON.stringify({
    apiVersion: exec.apiVersion ?? 'client.authentication.k8s.io/v1',
    kind: 'ExecCredential',
    spec: { interactive: false, cluster: { server: cluster.server } },
  });
  return new Promise((resolve, reject) => {
    execFile(pluginPath, exec.args, { env, timeout: 15000, maxBuffer: 1024 * 1024, ...(signal ? { signal } : {}) }, (err, stdout, stderr) => {
      if (err) {
        const firstLine = String(stderr).trim().split('\n')[0] ?? '';
        reject(new CredentialError(`credential plugin ${exec.command} failed${firstLine ? `: ${firstLine}` : ` (${err.message})`}`, 'exec-plugin'));
        return;
      }
      try {
        const parsed = JSON.parse(String(stdout)) as { status?: ExecCredentialStatus };
        resolve(parsed.status ?? {});
      } catch {
        reject(new CredentialError(`credential plugin ${exec.command} did not print an ExecCredential`, 'exec-plugin'));
      }
    });
  });
}

export async function credentialsFor(
  cluster: KubeCluster,
  user: KubeUser,
  baseDir: string,
  execPluginPath: string | undefined,
  signal?: AbortSignal,
): Promise<RequestCredentials> {
  const headers: Record<string, string> = {};
  let cert = fromData(user.clientCertificateData) ?? (await fromFile(user.clientCertificate, baseDir));
  let key = fromData(user.clientKeyData) ?? (await fromFile(user.clientKey, baseDir));
  let token = user.token ?? (user.tokenFile ? (await fromFile(user.tokenFile, baseDir))?.toString('utf8').trim() : undefined);
  if (user.exec) {
    if (!execPluginPath) {
      throw new CredentialError(`credential plugin ${user.exec.command} is not installed (not on PATH)`, 'exec-plugin');
    }
    const status = await runExecPlugin(user, execPluginPath, cluster, signal);
    token = status.token ?? token;
    cert = status.clientCertificateData ? Buffer.from(status.clientCertificateData) : cert;
    key = status.clientKeyData ? Buffer.from(status.clientKeyData) : key;
  } else if (user.authProvider) {
    throw new CredentialError(`the legacy auth-provider "${user.authProvider}" is no longer supported by Kubernetes clients; switch to its exec plugin`, 'config');
  }
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  } else if (user.username && user.password !== undefined) {
    headers.Authorization = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;
  }
  const ca = fromData(cluster.certificateAuthorityData) ?? (await fromFile(cluster.certificateAuthority, baseDir));
  return {
    headers,
    rejectUnauthorized: !cluster.insecureSkipTlsVerify,
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
    ...(cluster.tlsServerName ? { servername: cluster.tlsServerName } : {}),
  };
}
