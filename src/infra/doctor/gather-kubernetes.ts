import type { ExecPluginFacts, KubeContextFacts, KubernetesFacts } from '../../core/doctor/facts';
import { findExecutable } from '../kubernetes/find-executable';
import { probeClusterVersion } from '../kubernetes/probe-cluster';
import { loadKubeconfigs } from '../kubernetes/read-kubeconfigs';

export async function gatherKubernetesFacts(env: NodeJS.ProcessEnv, platform: string, setting?: string, signal?: AbortSignal): Promise<KubernetesFacts> {
  const loaded = await loadKubeconfigs(env, platform, setting);
  const { merged } = loaded;
  const contexts: KubeContextFacts[] = merged.contexts.map((c) => {
    const cluster = merged.clusters.find((x) => x.name === c.cluster);
    const user = merged.users.find((x) => x.name === c.user);
    return {
      name: c.name,
      cluster: c.cluster,
      user: c.user,
      ...(c.namespace ? { namespace: c.namespace } : {}),
      ...(cluster?.server ? { server: cluster.server } : {}),
      ...(user?.exec ? { execCommand: user.exec.command } : {}),
      ...(user?.authProvider ? { authProvider: user.authProvider } : {}),
    };
  });

  const plugins = new Map<string, string[]>();
  for (const user of merged.users) {
    if (user.exec) {
      plugins.set(user.exec.command, [...(plugins.get(user.exec.command) ?? []), user.name]);
    }
  }
  const execPlugins: ExecPluginFacts[] = await Promise.all(
    [...plugins].map(async ([command, users]) => {
      const resolvedPath = await findExecutable(command, env, platform);
      return { command, users, ...(resolvedPath ? { resolvedPath } : {}) };
    }),
  );

  const facts: KubernetesFacts = {
    source: loaded.source,
    files: loaded.files,
    contexts,
    ...(merged.currentContext ? { currentContext: merged.currentContext } : {}),
    execPlugins,
  };
  const current = merged.contexts.find((c) => c.name === merged.currentContext);
  if (current) {
    const cluster = merged.clusters.find((x) => x.name === current.cluster);
    const user = merged.users.find((x) => x.name === current.user) ?? { name: current.user };
    if (!cluster) {
      facts.probe = { ok: false, kind: 'config', message: `context "${current.name}" names cluster "${current.cluster}", which is not defined` };
    } else {
      const pluginPath = user.exec ? execPlugins.find((p) => p.command === user.exec?.command)?.resolvedPath : undefined;
      facts.probe = await probeClusterVersion(cluster, user, process.cwd(), pluginPath, 5000, signal);
    }
  }
  return facts;
}
