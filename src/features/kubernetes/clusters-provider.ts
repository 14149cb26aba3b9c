import * as vscode from 'vscode';
import type { ExplorerNode } from '../../core/kubernetes/explorer-nodes';
import type { ExplorerModel } from '../../infra/kubernetes/explorer-model';
import { explorerItem } from './tree-items';

const coalesceMs = 150;

/**
 * The Clusters view: children come from the informer-backed model (its caches answer at once).
 * Model changes refresh the tree from the root, coalesced: VS Code's per-element refresh races with
 * loads still in flight ("Element with id … is already registered", or rows whose items the
 * extension host no longer knows, so their inline actions get no argument); a root refresh cancels
 * those loads. Expanded elements keep their state (stable ids).
 */
export class ClustersProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly off: () => void;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly model: ExplorerModel) {
    this.off = model.onDidChange(() => {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.changed.fire(undefined);
      }, coalesceMs);
    });
  }

  getTreeItem(element: ExplorerNode): vscode.TreeItem {
    return explorerItem(element);
  }

  getChildren(element?: ExplorerNode): Promise<ExplorerNode[]> {
    return this.model.children(element);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.off();
    this.changed.dispose();
  }
}
