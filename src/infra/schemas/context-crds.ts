import { clientOptions } from '../../core/kubernetes/client-options';
import { readSmallFile } from '../fs/read-text-file';
import type { LoadedKubeconfigs } from '../kubernetes/read-kubeconfigs';
import { clusterGet, type ClusterGet } from './cluster-get';
import { loadClusterCrds, type LoadedClusterCrds } from './cluster-crds';

/** The cluster CRD schemas of a kubeconfig context (its current-context when none is chosen), through the disk cache. */
export async function contextCrds(loaded: LoadedKubeconfigs, chosen: string | undefined, cacheDir: string): Promise<LoadedClusterCrds | { problem: string }> {
  const context = chosen ?? loaded.merged.currentContext;
  if (!context) {
    return { problem: 'The kubeconfig names no current context.' };
  }
  return loadClusterCrds(context, await getterFor(loaded, context), cacheDir);
}

async function getterFor(loaded: LoadedKubeconfigs, context: string): Promise<ClusterGet | Error> {
  try {
    const ctx = loaded.merged.contexts.find((c) => c.name === context);
    const tokenFile = loaded.merged.users.find((u) => u.name === ctx?.user)?.tokenFile;
    const token = tokenFile ? (await readSmallFile(tokenFile)).toString('utf8').trim() : undefined;
    const options = clientOptions(loaded.merged, context, token ? { token } : {});
    return 'problem' in options ? new Error(options.problem) : await clusterGet(options);
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}
