import * as vscode from 'vscode';
import { ExplorerModel } from '../../infra/kubernetes/explorer-model';
import { openClusterClient } from '../../infra/kubernetes/open-client';
import { PortForwardManager } from '../../infra/kubernetes/port-forward-manager';
import { loadKubeconfigs } from '../../infra/kubernetes/read-kubeconfigs';
import type { Logger } from '../../platform/logger';
import { trustedSetting } from '../../platform/settings';
import { registerCommand } from '../../platform/command';
import { applyToCluster } from './apply-command';
import { ClustersProvider } from './clusters-provider';
import { registerKubernetesCommands } from './commands';
import { forwardsStatusBar } from './forwards-status';
import { LogPreferencesStore } from './log-options-pick';
import { describeCommand } from './describe-command';
import { execCommand } from './exec-command';
import { PortForwardsProvider } from './port-forwards-provider';
import { restartWorkload } from './rollout-restart-command';
import { showRolloutStatus } from './rollout-status-command';
import { ClusterDocuments, clusterDocScheme } from './virtual-documents';

export interface KubernetesServices {
  log: Logger;
  /** Where the context chosen in this editor is remembered (the kubeconfig file is never rewritten). */
  state: vscode.Memento;
  /** Where per-workspace choices (log options) are kept; `state` when not given. */
  workspaceState?: vscode.Memento;
}

const activeContextKey = 'mlc.kubernetes.activeContext';

/**
 * The Clusters and Port Forwards views and their commands. Nothing connects here: the kubeconfig is
 * read and client-node loaded when the Clusters view first asks for children, or a command runs.
 */
export function registerKubernetes(services: KubernetesServices): vscode.Disposable {
  const { log, state } = services;
  const model = new ExplorerModel({
    loadConfig: () => loadKubeconfigs(process.env, process.platform, trustedSetting('mlc.kubernetes.kubeconfig')),
    openClient: (loaded, context) => openClusterClient(loaded, context, process.env, process.platform),
    activeContext: () => state.get<string>(activeContextKey),
    log: (m) => log.warn(m),
  });
  const forwards = new PortForwardManager();
  const clusters = new ClustersProvider(model);
  const forwardsProvider = new PortForwardsProvider(forwards);
  const clustersView = vscode.window.createTreeView('mlc.views.clusters', { treeDataProvider: clusters, showCollapseAll: true });
  const forwardsView = vscode.window.createTreeView('mlc.views.portForwards', { treeDataProvider: forwardsProvider });
  const documents = new ClusterDocuments();
  const output = vscode.window.createOutputChannel('ML Containers: Kubernetes Apply');
  const trusted = { requiresTrust: true };
  return vscode.Disposable.from(
    documents,
    output,
    vscode.workspace.registerTextDocumentContentProvider(clusterDocScheme, documents),
    registerCommand('mlc.kubernetes.apply', log, (arg) => applyToCluster({ model, output, documents }, arg), trusted),
    registerCommand('mlc.kubernetes.rolloutStatus', log, (arg) => showRolloutStatus(model, arg)),
    registerCommand('mlc.kubernetes.rolloutRestart', log, (arg) => restartWorkload(model, arg), trusted),
    registerCommand('mlc.kubernetes.describe', log, (arg) => describeCommand(model, documents, arg)),
    registerCommand('mlc.kubernetes.exec', log, (arg) => execCommand(model, log, arg), trusted),
    clustersView,
    forwardsView,
    clustersView.onDidCollapseElement((e) => model.collapse(e.element)),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('mlc.kubernetes.kubeconfig') && model.reset()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => model.reset()),
    registerKubernetesCommands({ model, forwards, log, logPreferences: new LogPreferencesStore(services.workspaceState ?? state), setActiveContext: (c) => state.update(activeContextKey, c) }),
    forwardsStatusBar(forwards),
    clusters,
    forwardsProvider,
    { dispose: () => forwards.dispose() },
    { dispose: () => model.dispose() },
  );
}
