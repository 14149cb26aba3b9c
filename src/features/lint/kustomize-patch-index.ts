import * as vscode from 'vscode';

/**
 * Whether an open document is a patch file a kustomization names (see core/lint/kubernetes/kustomize):
 * answered once per file, forgotten when a kustomization changes.
 */
export class KustomizePatchIndex implements vscode.Disposable {
  private readonly answers = new Map<string, Promise<boolean>>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/{kustomization.yaml,kustomization.yml,Kustomization}');
  /** A kustomization was created, changed or deleted: earlier answers may be wrong. */
  readonly onDidChange = this.changed.event;

  constructor() {
    const forget = () => {
      this.answers.clear();
      this.changed.fire();
    };
    this.watcher.onDidCreate(forget);
    this.watcher.onDidChange(forget);
    this.watcher.onDidDelete(forget);
  }

  isPatch(document: vscode.TextDocument): Promise<boolean> {
    if (document.uri.scheme !== 'file') {
      return Promise.resolve(false);
    }
    const file = document.uri.fsPath;
    let answer = this.answers.get(file);
    if (!answer) {
      answer = import('../../infra/lint/kustomize-layout').then(async ({ foldersAbove, kustomizePatchFiles }) => (await kustomizePatchFiles(foldersAbove(file))).has(file));
      this.answers.set(file, answer);
    }
    return answer;
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}
