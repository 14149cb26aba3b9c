import * as fs from 'node:fs/promises';
import { clientOptions } from '../../core/kubernetes/client-options';
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
    token = (await fs.readFile(user.tokenFile, 'utf8')).trim();
  }
  const options = clientOptions(loaded.merged, context, { ...(execCommand ? { execCommand } : {}), ...(token ? { token } : {}) });
  if ('problem' in options) {
    throw new Error(options.problem);
  }
  const mod = await loadKubernetesClient();
  return mod.createClusterClient(options);
}
