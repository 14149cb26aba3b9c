import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { stringify } from 'yaml';

export interface KubeContextSpec {
  name: string;
  server: string;
  /** Bearer token, token file (relative to the kubeconfig's folder), or exec plugin for the context's user. */
  token?: string;
  tokenFile?: string;
  exec?: { command: string; args?: string[] };
  caData?: string;
  insecure?: boolean;
}

/** A kubeconfig document with one cluster and one user per context, named after it. */
export function kubeconfig(contexts: KubeContextSpec[], currentContext?: string): object {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: contexts.map((c) => ({
      name: `${c.name}-cluster`,
      cluster: {
        server: c.server,
        ...(c.caData ? { 'certificate-authority-data': c.caData } : {}),
        ...(c.insecure ? { 'insecure-skip-tls-verify': true } : {}),
      },
    })),
    users: contexts.map((c) => ({
      name: `${c.name}-user`,
      user: {
        ...(c.token ? { token: c.token } : {}),
        ...(c.tokenFile ? { tokenFile: c.tokenFile } : {}),
        ...(c.exec ? { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: c.exec.command, args: c.exec.args ?? [], interactiveMode: 'Never' } } : {}),
      },
    })),
    contexts: contexts.map((c) => ({ name: c.name, context: { cluster: `${c.name}-cluster`, user: `${c.name}-user` } })),
    ...(currentContext ? { 'current-context': currentContext } : {}),
  };
}

export async function writeKubeconfig(dir: string, name: string, content: object | string | Buffer): Promise<string> {
  const file = path.join(dir, name);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, typeof content === 'string' || Buffer.isBuffer(content) ? content : stringify(content));
  return file;
}
