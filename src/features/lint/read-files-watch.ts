import * as path from 'node:path';
import * as vscode from 'vscode';
import { ReadersIndex } from '../../core/lint/compose/readers-index';

/**
 * Watches the files open documents read besides their own text (a Compose file's `extends` bases, its override
 * file), on disk and in editors, and names the documents to lint again when one of them changes. One watcher per
 * file read, kept while some document reads it.
 */
export class ReadFilesWatch implements vscode.Disposable {
  private readonly readers = new ReadersIndex();
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly subscriptions: vscode.Disposable[];
  private disposed = false;

  /** `changed` gets the URIs (as strings) of the open documents that read a file that changed. */
  constructor(private readonly changed: (readers: string[]) => void) {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e) => this.fileChanged(e.document.uri)),
      // Closing an editor with unsaved changes puts the file's text back to what is on disk.
      vscode.workspace.onDidCloseTextDocument((d) => this.fileChanged(d.uri)),
    ];
  }

  /** Records the absolute paths of the files the document `reader` (its URI as a string) read for its latest lint. */
  track(reader: string, files: readonly string[]): void {
    // A lint that finishes after the provider was disposed must not start watchers nobody disposes.
    if (this.disposed) {
      return;
    }
    const { added, removed } = this.readers.set(reader, files.map((f) => vscode.Uri.file(f).fsPath));
    added.forEach((file) => this.watchers.set(file, this.watch(file)));
    this.unwatch(removed);
  }

  forget(reader: string): void {
    this.unwatch(this.readers.forget(reader));
  }

  /** The text of a file as open in an editor (unsaved changes included); undefined when it is not open. */
  openText(file: string): string | undefined {
    const fsPath = vscode.Uri.file(file).fsPath;
    return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === fsPath)?.getText();
  }

  private watch(file: string): vscode.Disposable {
    // Glob characters in a name would make a pattern of it: then the folder is watched and events filtered by path.
    const name = path.basename(file);
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), /[*?[\]{}]/.test(name) ? '*' : name));
    const onEvent = (uri: vscode.Uri) => this.fileChanged(uri);
    return vscode.Disposable.from(watcher, watcher.onDidChange(onEvent), watcher.onDidCreate(onEvent), watcher.onDidDelete(onEvent));
  }

  private unwatch(files: readonly string[]): void {
    for (const file of files) {
      this.watchers.get(file)?.dispose();
      this.watchers.delete(file);
    }
  }

  private fileChanged(uri: vscode.Uri): void {
    const readers = uri.scheme === 'file' ? this.readers.readersOf(uri.fsPath) : [];
    if (readers.length > 0) {
      this.changed(readers);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.unwatch([...this.watchers.keys()]);
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}
