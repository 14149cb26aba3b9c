import * as vscode from 'vscode';
import { workloadPlural, type ExplorerNode } from '../../core/kubernetes/explorer-nodes';
import { operatorKinds, type OperatorKind, type OperatorState } from '../../core/kubernetes/operator-workloads';
import type { PodView } from '../../core/kubernetes/resource-tree';

const podIcons: Record<PodView['state'], [string, string?]> = {
  running: ['pass', 'testing.iconPassed'],
  pending: ['clock', 'list.warningForeground'],
  succeeded: ['check'],
  failed: ['error', 'list.errorForeground'],
  terminating: ['loading~spin'],
  unknown: ['question'],
};

const workloadIcons = { Deployment: 'rocket', StatefulSet: 'database', Job: 'run', CronJob: 'watch' } as const;

const operatorIcons: Record<OperatorKind, string> = { PyTorchJob: 'flame', TFJob: 'flame', TrainJob: 'mortar-board', InferenceService: 'globe', RayCluster: 'organization', RayJob: 'run-all' };

const operatorStates: Record<OperatorState, [string, string?]> = {
  running: ['pass', 'testing.iconPassed'],
  pending: ['clock', 'list.warningForeground'],
  succeeded: ['check'],
  failed: ['error', 'list.errorForeground'],
  suspended: ['debug-pause'],
  unknown: ['question'],
};

function icon(id: string, color?: string): vscode.ThemeIcon {
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

/** Maps the explorer model's plain data to tree items; no logic beyond presentation. */
export function explorerItem(n: ExplorerNode): vscode.TreeItem {
  const { Collapsed, None } = vscode.TreeItemCollapsibleState;
  let item: vscode.TreeItem;
  switch (n.kind) {
    case 'context':
      item = new vscode.TreeItem(n.context, n.active ? vscode.TreeItemCollapsibleState.Expanded : Collapsed);
      item.description = n.description;
      item.iconPath = icon(n.active ? 'pass-filled' : 'server-environment');
      item.contextValue = `mlc.kubeContext.${n.active ? 'active' : 'inactive'}`;
      break;
    case 'message':
      item = new vscode.TreeItem(n.label, None);
      item.description = n.description;
      item.tooltip = n.tooltip;
      item.iconPath = icon(n.icon === 'loading' ? 'loading~spin' : n.icon);
      item.contextValue = 'mlc.kubeMessage.any';
      break;
    case 'group':
      item = new vscode.TreeItem(n.group === 'nodes' ? 'Nodes' : 'Namespaces', Collapsed);
      item.iconPath = icon(n.group === 'nodes' ? 'server' : 'symbol-namespace');
      break;
    case 'node':
      item = new vscode.TreeItem(n.view.name, None);
      item.description = n.view.description;
      item.tooltip = n.view.tooltip;
      item.iconPath = icon(n.view.gpu ? 'chip' : 'vm', n.view.ready ? undefined : 'list.errorForeground');
      item.contextValue = `mlc.kubeNode.${n.view.ready ? 'ready' : 'notReady'}`;
      break;
    case 'namespace':
      item = new vscode.TreeItem(n.namespace, Collapsed);
      item.description = n.active ? 'default' : undefined;
      item.iconPath = icon('symbol-namespace');
      break;
    case 'workloads':
      item = new vscode.TreeItem(workloadPlural[n.workloadKind], Collapsed);
      item.iconPath = icon(workloadIcons[n.workloadKind]);
      break;
    case 'allPods':
      item = new vscode.TreeItem('Pods', Collapsed);
      item.iconPath = icon('symbol-module');
      break;
    case 'workload':
      item = new vscode.TreeItem(n.name, Collapsed);
      item.description = n.description;
      item.iconPath = icon(workloadIcons[n.workloadKind]);
      item.contextValue = `mlc.${n.workloadKind.toLowerCase()}.workload`;
      break;
    case 'operatorWorkloads':
      item = new vscode.TreeItem(operatorKinds[n.operatorKind].title, Collapsed);
      item.iconPath = icon(operatorIcons[n.operatorKind]);
      break;
    case 'operatorWorkload': {
      item = new vscode.TreeItem(n.view.name, Collapsed);
      item.description = n.view.description;
      item.tooltip = n.view.tooltip;
      const [id, color] = operatorStates[n.view.state];
      item.iconPath = icon(id, color);
      item.contextValue = `mlc.operatorWorkload.${n.view.state}`;
      break;
    }
    case 'podRange':
      // The first range opens by itself: a namespace of thousands of pods shows its first thousand at once.
      item = new vscode.TreeItem(`${n.range.first} … ${n.range.last}`, n.range.index === 0 ? vscode.TreeItemCollapsibleState.Expanded : Collapsed);
      item.description = `${n.range.count.toLocaleString('en-US')} pods`;
      item.iconPath = icon('list-flat');
      break;
    case 'pod': {
      item = new vscode.TreeItem(n.view.name, None);
      item.description = n.view.description;
      item.tooltip = `${n.namespace}/${n.view.name}\n${n.view.description}`;
      const [id, color] = podIcons[n.view.state];
      item.iconPath = icon(id, color);
      item.contextValue = `mlc.pod.${n.view.state}`;
      break;
    }
  }
  item.id = `${n.kind}:${n.id}`;
  return item;
}
