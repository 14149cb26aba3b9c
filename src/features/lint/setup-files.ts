import * as vscode from 'vscode';
import type { SetupObjects } from '../../infra/lint/setup-objects-near';

/** Whether a document may depend on setup in other files: a workload queued on Kueue, or an InferenceService naming its runtime. */
export function readsClusterSetup(text: string): boolean {
  return text.includes('kueue.x-k8s.io/queue-name') || (text.includes('InferenceService') && text.includes('runtime:'));
}

/** The most YAML files of a workspace folder searched for setup objects. */
const maxFiles = 2000;
/** A folder's file list is searched again after this long even when no YAML file was seen to appear or go. */
const fileListTtlMs = 10_000;

/**
 * Cluster setup in the YAML files of a document's workspace folder, which lives apart from the workloads: Kueue's
 * ResourceFlavors, ClusterQueues and LocalQueues, KServe ServingRuntimes. A YAML file written, created or deleted on
 * disk calls `filesChanged`, so the open workloads that read them are linted again (each file's objects are cached by
 * size and modification time).
 * The folder's file list is kept (a queued workload is linted on every pause in typing) until a file appears or goes,
 * or one it does not hold changes: files written into a folder created a moment before raise no event of their own.
 */
export class ClusterSetupFiles implements vscode.Disposable {
  private readonly fileLists = new Map<string, { at: number; files: Promise<string[]>; known?: ReadonlySet<string> }>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(filesChanged: () => void) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}');
    const listChanged = () => {
      this.fileLists.clear();
      filesChanged();
    };
    const fileChanged = (uri: vscode.Uri) => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      const known = folder ? this.fileLists.get(folder.uri.toString())?.known : undefined;
      if (known && !known.has(uri.fsPath)) {
        this.fileLists.clear();
      }
      filesChanged();
    };
    this.subscriptions = [watcher, watcher.onDidCreate(listChanged), watcher.onDidDelete(listChanged), watcher.onDidChange(fileChanged)];
  }

  /** The setup objects of the document's workspace folder (the document itself left out: it reads its own). */
  async objectsFor(document: vscode.TextDocument): Promise<SetupObjects> {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (!folder) {
      return {};
    }
    const [{ setupObjectsIn }, files] = await Promise.all([import('../../infra/lint/setup-objects-near'), this.yamlFilesOf(folder)]);
    return setupObjectsIn(files, document.uri.fsPath);
  }

  private yamlFilesOf(folder: vscode.WorkspaceFolder): Promise<string[]> {
    const key = folder.uri.toString();
    const listed = this.fileLists.get(key);
    if (listed && Date.now() - listed.at < fileListTtlMs) {
      return listed.files;
    }
    const files = Promise.resolve(vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*.{yaml,yml}'), '**/{node_modules,.git}/**', maxFiles)).then((uris) => uris.filter((u) => u.scheme === 'file').map((u) => u.fsPath));
    const entry: { at: number; files: Promise<string[]>; known?: ReadonlySet<string> } = { at: Date.now(), files };
    this.fileLists.set(key, entry);
    void files.then((list) => (entry.known = new Set(list)), () => undefined);
    return files;
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}
