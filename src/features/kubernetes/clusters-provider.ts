import * as vscode from 'vscode';
import type { ExplorerNode } from '../../core/kubernetes/explorer-nodes';
import type { ExplorerModel } from '../../infra/kubernetes/explorer-model';
import { explorerItem } from './tree-items';

/** The Clusters view: children come from the informer-backed model, which refreshes elements in place. */
export class ClustersProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly off: () => void;

  constructor(private readonly model: ExplorerModel) {
    this.off = model.onDidChange((e) => this.changed.fire(e));
  }

  getTreeItem(element: ExplorerNode): vscode.TreeItem {
    return explorerItem(element);
  }

  getChildren(element?: ExplorerNode): Promise<ExplorerNode[]> {
    return this.model.children(element);
  }

  dispose(): void {
    this.off();
    this.changed.dispose();
  }
}
