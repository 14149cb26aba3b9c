import * as vscode from 'vscode';

export const proposedScheme = 'mlc-scaffold';

/** Serves proposed file contents as read-only documents for previews and diffs. */
export class ProposedDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** A virtual URI for a planned file (keeps the real name so the diff shows the right language). */
  uriFor(relativePath: string, content: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: proposedScheme, path: `/${relativePath}` });
    this.contents.set(uri.toString(), content);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
    this.contents.clear();
  }
}
