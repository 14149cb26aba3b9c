import { ExplorerModel } from '../../../src/infra/kubernetes/explorer-model';
import { openClusterClient } from '../../../src/infra/kubernetes/open-client';
import { loadKubeconfigs } from '../../../src/infra/kubernetes/read-kubeconfigs';

/** The Clusters view's model over one kubeconfig file, built as the extension builds it. */
export function explorerModelFor(kubeconfig: string, activeContext?: string): ExplorerModel {
  const env = { ...process.env, KUBECONFIG: kubeconfig };
  return new ExplorerModel({
    loadConfig: () => loadKubeconfigs(env, process.platform),
    openClient: (loaded, context) => openClusterClient(loaded, context, env, process.platform),
    activeContext: () => activeContext,
  });
}
