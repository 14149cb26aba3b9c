import * as vscode from 'vscode';
import type { SchemaStore } from '../../core/schemas/store';
import { contextCrds } from '../../infra/schemas/context-crds';
import { loadKubeconfigs } from '../../infra/kubernetes/read-kubeconfigs';
import type { Logger } from '../../platform/logger';
import { trustedSetting } from '../../platform/settings';
import type { StoreAccess } from './providers';

/** The key the Clusters view remembers its chosen context under (src/features/kubernetes/register.ts). */
const activeContextKey = 'mlc.kubernetes.activeContext';

/**
 * The bundled schemas at once; once the chosen cluster's CRD list (or its disk cache) has been read,
 * the bundled schemas plus the cluster's CRDs we do not bundle, and `onChange` fires. Only in a trusted
 * workspace, like everything else that contacts a cluster.
 */
export function clusterAwareStore(bundled: StoreAccess, services: { log: Logger; state: vscode.Memento; cacheDir: string }, onChange: () => void): StoreAccess {
  let merged: SchemaStore | undefined;
  let started = false;
  const start = async (): Promise<void> => {
    const base = await bundled();
    const loaded = await loadKubeconfigs(process.env, process.platform, trustedSetting('mlc.kubernetes.kubeconfig'));
    const result = await contextCrds(loaded, services.state.get<string>(activeContextKey), services.cacheDir);
    if ('crds' in result) {
      merged = base.withClusterCrds(result);
      services.log.info(`Schemas: ${result.crds.length} CRDs of context ${result.context} (${result.from === 'cluster' ? `${result.downloaded} downloaded` : `from the disk cache: ${result.problem ?? ''}`})`);
      onChange();
    } else {
      services.log.info(`Schemas: no cluster CRD schemas (${result.problem})`);
    }
  };
  return async () => {
    if (!started && vscode.workspace.isTrusted) {
      started = true;
      start().catch((err: unknown) => services.log.warn(`Schemas: reading the cluster's CRDs failed: ${err instanceof Error ? err.message : String(err)}`));
    }
    return merged ?? bundled();
  };
}
