import * as vscode from 'vscode';
import type { ExplorerNode } from '../../core/kubernetes/explorer-nodes';
import type { ExplorerModel } from '../../infra/kubernetes/explorer-model';
import { explorerItem } from './tree-items';

const minIntervalMs = 500;

/**
 * The Clusters view: children come from the informer-backed model (its caches answer at once).
 * On a model change the children VS Code shows are computed again, and only when they differ is the
 * tree refreshed: from the root, at most every half second, never while VS Code is loading children.
 * Every refresh makes VS Code forget the items below it for a moment (an inline action clicked then
 * gets no argument), so node heartbeats and watch resyncs that change nothing shown must not refresh;
 * a per-element refresh races with a load in flight ("Element with id … is already registered"),
 * and a root refresh cancels loads in flight. Stable ids keep what is expanded.
 */
export class ClustersProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly off: () => void;
  private readonly shown = new Map<string, { element: ExplorerNode | undefined; json: string }>();
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
    if (this.dirty && this.timer === undefined && this.loading === 0) {
      this.timer = setTimeout(() => void this.refreshIfChanged(), minIntervalMs);
    }
  }

  private async refreshIfChanged(): Promise<void> {
    this.dirty = false;
    let differs = false;
    for (const { element, json } of [...this.shown.values()]) {
      if (this.loading > 0 || JSON.stringify(await this.model.children(element)) !== json) {
        differs = true;
        break;
      }
    }
    this.timer = undefined;
    if (differs && this.loading > 0) {
      this.dirty = true; // checked again when the loads are done
    } else if (differs) {
      this.shown.clear();
      this.changed.fire(undefined);
    }
    this.schedule();
  }

  getTreeItem(element: ExplorerNode): vscode.TreeItem {
    return explorerItem(element);
  }

  async getChildren(element?: ExplorerNode): Promise<ExplorerNode[]> {
    this.loading += 1;
    try {
      const children = await this.model.children(element);
      this.shown.set(element?.id ?? '', { element, json: JSON.stringify(children) });
      return children;
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
