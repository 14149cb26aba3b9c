import * as vscode from 'vscode';
import { forwardView } from '../../core/kubernetes/port-forward';
import type { PortForward, PortForwardManager } from '../../infra/kubernetes/port-forward-manager';

const stateIcons = { starting: 'loading~spin', connected: 'plug', reconnecting: 'sync~spin', failed: 'error', stopped: 'debug-stop' } as const;

/** The Port Forwards view: one row per forward with its live state. */
export class PortForwardsProvider implements vscode.TreeDataProvider<PortForward>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly off: () => void;

  constructor(private readonly manager: PortForwardManager) {
    this.off = manager.onDidChange(() => this.changed.fire(undefined));
  }

  getTreeItem(f: PortForward): vscode.TreeItem {
    const v = forwardView(f.id, f.spec.target, f.spec.remotePort, f.localPort, f.state);
    const item = new vscode.TreeItem(v.label, vscode.TreeItemCollapsibleState.None);
    item.id = `forward:${f.id}`;
    item.description = v.description;
    item.tooltip = `${v.label}\n${v.description}\n${f.connections} open connection(s)`;
    item.iconPath = new vscode.ThemeIcon(stateIcons[v.state], v.state === 'failed' ? new vscode.ThemeColor('list.errorForeground') : undefined);
    item.contextValue = `mlc.portForward.${v.state}`;
    return item;
  }

  getChildren(element?: PortForward): PortForward[] {
    return element ? [] : this.manager.list();
  }

  dispose(): void {
    this.off();
    this.changed.dispose();
  }
}
