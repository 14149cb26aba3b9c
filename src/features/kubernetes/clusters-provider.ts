import * as vscode from 'vscode';
import type { ExplorerNode } from '../../core/kubernetes/explorer-nodes';
import type { ExplorerModel } from '../../infra/kubernetes/explorer-model';
import { explorerItem } from './tree-items';

const minIntervalMs = 500;

/**
 * The Clusters view: children come from the informer-backed model (its caches answer at once).
 * Model changes refresh the tree from the root, at most every half second and never while VS Code
 * is still loading children: a per-element refresh races with a load in flight ("Element with id …
 * is already registered", or rows whose items the extension host no longer knows, so their inline
 * actions get no argument), and a root refresh cancels loads in flight, so refreshing faster than
 * the tree loads would show nothing under a stream of pod updates. Stable ids keep what is expanded.
 */
export class ClustersProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly off: () => void;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private loading = 0;
  private dirty = false;

  constructor(private readonly model: ExplorerModel) {
    this.off = model.onDidChange(() => {
      this.dirty = true;
      this.schedule();
    });
  }

  private schedule(): void {
    if (!this.dirty || this.timer !== undefined || this.loading > 0) {
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.loading > 0) {
        return; // scheduled again when the loads are done
      }
      this.dirty = false;
      this.changed.fire(undefined);
    }, minIntervalMs);
  }

  getTreeItem(element: ExplorerNode): vscode.TreeItem {
    return explorerItem(element);
  }

  async getChildren(element?: ExplorerNode): Promise<ExplorerNode[]> {
    this.loading += 1;
    try {
      return await this.model.children(element);
    } finally {
      this.loading -= 1;
      this.schedule();
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.off();
    this.changed.dispose();
  }
}
