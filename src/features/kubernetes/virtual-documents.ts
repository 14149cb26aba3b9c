import * as vscode from 'vscode';

export const clusterDocScheme = 'mlc-k8s';

/** Read-only documents (describe output, both sides of an apply diff) served from memory. */
export class ClusterDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** Stores `text` under `path` and returns its URI; an open document with that URI is refreshed. */
  put(path: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: clusterDocScheme, path });
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'This document is no longer available: run the command again.\n';
  }

  dispose(): void {
    this.changed.dispose();
    this.texts.clear();
  }
}
