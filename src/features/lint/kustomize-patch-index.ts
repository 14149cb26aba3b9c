import * as vscode from 'vscode';
import type { FileKustomizeFacts } from '../../infra/lint/kustomize-layout';

const none: FileKustomizeFacts = { patch: false, selectors: false, images: [], buildsWith: [] };

/**
 * What the kustomizations near an open document say about it (see infra/lint/kustomize-layout): whether
 * it is a patch a kustomization names, whether a build writes its selectors, which images a build pins.
 * Answered once per file, forgotten when a kustomization changes.
 */
export class KustomizePatchIndex implements vscode.Disposable {
  private readonly answers = new Map<string, Promise<FileKustomizeFacts>>();
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

  facts(document: vscode.TextDocument): Promise<FileKustomizeFacts> {
    if (document.uri.scheme !== 'file') {
      return Promise.resolve(none);
    }
    const file = document.uri.fsPath;
    let answer = this.answers.get(file);
    if (!answer) {
      const within = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath;
      answer = import('../../infra/lint/kustomize-layout').then(({ fileKustomizeFacts }) => fileKustomizeFacts(file, within)).catch(() => none);
      this.answers.set(file, answer);
    }
    return answer;
  }

  async isPatch(document: vscode.TextDocument): Promise<boolean> {
    return (await this.facts(document)).patch;
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}
