import { clientOptions, type ClientOptions } from '../../core/kubernetes/client-options';
import { readSmallFile } from '../fs/read-text-file';
import type { ClusterClient } from './cluster-client';
import { findExecutable } from './find-executable';
import { loadKubernetesClient } from './load-client';
import type { LoadedKubeconfigs } from './read-kubeconfigs';

/**
 * A client for one context of the merged kubeconfig. The exec credential plugin is looked up the way
 * a shell would plus the usual install folders, since VS Code's PATH often differs from the shell's.
 */
export async function openClusterClient(loaded: LoadedKubeconfigs, context: string, env: NodeJS.ProcessEnv, platform: string): Promise<ClusterClient> {
  const ctx = loaded.merged.contexts.find((c) => c.name === context);
  const user = loaded.merged.users.find((u) => u.name === ctx?.user);
  let execCommand: string | undefined;
  if (user?.exec) {
    execCommand = await findExecutable(user.exec.command, env, platform);
    if (!execCommand) {
      throw new Error(`The credential plugin "${user.exec.command}" that context ${context} needs was not found on PATH or in the usual install folders. Install it, or put its folder on the PATH VS Code sees.`);
    }
  }
  let token: string | undefined;
  if (user?.tokenFile) {
    token = (await readSmallFile(user.tokenFile)).toString('utf8').trim();
  }
  const options = clientOptions(loaded.merged, context, { ...(execCommand ? { execCommand } : {}), ...(token ? { token } : {}) });
  if ('problem' in options) {
    throw new Error(options.problem);
  }
  const mod = await loadKubernetesClient();
  return mod.createClusterClient(await withCredentialFilesRead(options));
}

/**
 * The options with certificate and key files read here (a regular file of at most 1 MiB each) and
 * handed on as data. The client library would read them synchronously on the extension host's thread
 * at every request, where a pipe named in a kubeconfig would stall every extension. A file wins over
 * data, as the client library has it.
 */
export async function withCredentialFilesRead(options: ClientOptions): Promise<ClientOptions> {
  const data = async (file: string): Promise<string> => (await readSmallFile(file)).toString('base64');
  const clusters = await Promise.all(options.clusters.map(async ({ caFile, ...cluster }) => (caFile === undefined ? cluster : { ...cluster, caData: await data(caFile) })));
  const users = await Promise.all(
    options.users.map(async ({ certFile, keyFile, ...user }) => ({
      ...user,
      ...(certFile !== undefined ? { certData: await data(certFile) } : {}),
      ...(keyFile !== undefined ? { keyData: await data(keyFile) } : {}),
    })),
  );
  return { ...options, clusters, users };
}
