import * as os from 'node:os';
import * as path from 'node:path';
import { mergeKubeconfigs, parseKubeconfig, splitKubeconfigPaths, type Kubeconfig } from '../../core/kubernetes/kubeconfig';
import type { KubeconfigFileFacts, KubernetesFacts } from '../../core/doctor/facts';
import { readTextFile } from '../fs/read-text-file';

export interface LoadedKubeconfigs {
  source: KubernetesFacts['source'];
  files: KubeconfigFileFacts[];
  merged: Kubeconfig;
}

/** kubectl resolves file references relative to the kubeconfig that holds them, before merging. */
export function resolveRelativePaths(config: Kubeconfig, dir: string): Kubeconfig {
  const abs = (p: string | undefined) => (p ? path.resolve(dir, p) : undefined);
  return {
    ...config,
    clusters: config.clusters.map((c) => ({ ...c, certificateAuthority: abs(c.certificateAuthority) })),
    users: config.users.map((u) => ({
      ...u,
      clientCertificate: abs(u.clientCertificate),
      clientKey: abs(u.clientKey),
      tokenFile: abs(u.tokenFile),
      // client-go resolves a plugin command relative to the file only when it contains a path separator.
      ...(u.exec && /[\\/]/.test(u.exec.command) ? { exec: { ...u.exec, command: path.resolve(dir, u.exec.command) } } : {}),
    })),
  };
}

export function kubeconfigPaths(env: NodeJS.ProcessEnv, platform: string, setting?: string): { source: KubernetesFacts['source']; paths: string[] } {
  if (setting) {
    return { source: 'setting', paths: [setting] };
  }
  if (env.KUBECONFIG) {
    return { source: 'KUBECONFIG', paths: splitKubeconfigPaths(env.KUBECONFIG, platform) };
  }
  return { source: 'default', paths: [path.join(env.HOME || os.homedir(), '.kube', 'config')] };
}

export async function loadKubeconfigs(env: NodeJS.ProcessEnv, platform: string, setting?: string): Promise<LoadedKubeconfigs> {
  const { source, paths } = kubeconfigPaths(env, platform, setting);
  const files: KubeconfigFileFacts[] = [];
  const configs: Kubeconfig[] = [];
  for (const p of paths) {
    const read = await readTextFile(p);
    if (!read.ok) {
      files.push(read.reason === 'missing' ? { path: p, exists: false } : { path: p, exists: true, problem: read.message });
      continue;
    }
    const parsed = parseKubeconfig(read.text);
    if (!parsed.ok) {
      files.push({ path: p, exists: true, problem: parsed.problem });
      continue;
    }
    files.push({ path: p, exists: true });
    configs.push(resolveRelativePaths(parsed.config, path.dirname(path.resolve(p))));
  }
  return { source, files, merged: mergeKubeconfigs(configs) };
}
