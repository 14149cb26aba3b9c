import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MlcConfig } from '../../core/lint/config';
import type { WorkspaceFile } from '../../core/lint/cross/types';
import type { Logger } from '../../platform/logger';
import { toDiagnostic, toVscodeRange } from './convert';

const debounceMs = 1000;
/** A workspace with more lintable files than this is linted on the first ones only (the pass stays interactive). */
const maxFiles = 2000;
const filesGlob = '**/{Dockerfile,Containerfile,*.Dockerfile,*.dockerfile,Dockerfile.*,*.yaml,*.yml,Kustomization,.dockerignore,*.dockerignore}';
/** Dependencies, VCS, Python environments by their usual names, tool caches and Jupyter's stale checkpoint copies. */
const excludeGlob = '**/{node_modules,.git,.venv,venv,site-packages,__pycache__,.ipynb_checkpoints,.tox,.nox,.mypy_cache,.pytest_cache,.ruff_cache}/**';

/**
 * The cross-file pass (MLX rules) over each workspace folder's Dockerfiles, manifests and Compose
 * files: rerun, debounced, when such a file is saved, created or deleted, and each finding is
 * reported on the file it belongs to, with the related file attached.
 */
export class WorkspaceDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('mlc-cross');
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly log: Logger) {
    const watcher = vscode.workspace.createFileSystemWatcher(filesGlob);
    const schedule = () => this.schedule();
    this.subscriptions.push(
      this.collection,
      watcher,
      watcher.onDidCreate(schedule),
      watcher.onDidDelete(schedule),
      watcher.onDidChange(schedule),
      vscode.workspace.onDidSaveTextDocument(schedule),
      vscode.workspace.onDidChangeWorkspaceFolders(schedule),
    );
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.running.then(() => this.lintAll()).catch((err: unknown) => this.log.error('Cross-file linting failed', err));
    }, debounceMs);
  }

  private async lintAll(): Promise<void> {
    const next = new Map<string, vscode.Diagnostic[]>();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme === 'file') {
        for (const [uri, diagnostics] of await this.lintFolder(folder)) {
          next.set(uri, diagnostics);
        }
      }
    }
    this.collection.clear();
    for (const [uri, diagnostics] of next) {
      this.collection.set(vscode.Uri.parse(uri), diagnostics);
    }
  }

  private async lintFolder(folder: vscode.WorkspaceFolder): Promise<Map<string, vscode.Diagnostic[]>> {
    const [{ lintWorkspace }, { fsWorkspaceView }, { readTextFile }, { crossYamlKind, isCrossYamlFileName }, { isDockerfileName }, { foldersAbove, kustomizeLayout }, { isPatchFileName }, { isYamlFileName }] = await Promise.all([
      import('../../core/lint/cross/lint'),
      import('../../infra/lint/workspace-view'),
      import('../../infra/fs/read-text-file'),
      import('../../core/lint/cross/yaml-file-kind'),
      import('../../infra/lint/discover'),
      import('../../infra/lint/kustomize-layout'),
      import('../../core/lint/kubernetes/patch-file-name'),
      import('../../core/lint/yaml/classify'),
    ]);
    const root = folder.uri.fsPath;
    const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, filesGlob), excludeGlob, maxFiles);
    // As in the CLI: a kustomization's patches (and files named as patches) are not objects of their own, and its namespace: moves its resources.
    const kustomize = await kustomizeLayout(uris.filter((u) => isYamlFileName(path.basename(u.fsPath))).flatMap((u) => foldersAbove(u.fsPath)), { within: root });
    const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
    const files: WorkspaceFile[] = [];
    for (const uri of uris) {
      const name = path.basename(uri.fsPath);
      const dockerfile = isDockerfileName(name);
      if ((!dockerfile && !isCrossYamlFileName(name)) || /^\.mlc\.ya?ml$/.test(name)) {
        continue;
      }
      const text = open.get(uri.toString())?.getText() ?? (await readTextFile(uri.fsPath, 16 * 1024 * 1024).then((r) => (r.ok ? r.text : undefined)));
      const rel = path.relative(root, uri.fsPath).split(path.sep).join('/');
      const kind = dockerfile ? 'dockerfile' : text !== undefined ? crossYamlKind(name, text) : undefined;
      const namespaces = kustomize.namespaces.get(uri.fsPath);
      if (text !== undefined && kind !== undefined && !kustomize.patches.has(uri.fsPath) && !(kind === 'kubernetes' && isPatchFileName(rel))) {
        files.push({ path: rel, kind, text, ...(namespaces !== undefined ? { namespaces } : {}) });
      }
    }
    const config = await this.configFor(root);
    const result = lintWorkspace(files, { ...(config ? { config } : {}), fs: fsWorkspaceView(root) });
    result.problems.forEach((p) => this.log.warn(`${root}: ${p.message}`));
    const out = new Map<string, vscode.Diagnostic[]>();
    for (const f of result.findings) {
      const uri = vscode.Uri.file(path.join(root, ...f.path.split('/')));
      const diagnostic = toDiagnostic(f);
      if (f.related) {
        diagnostic.relatedInformation = [new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(path.join(root, ...f.related.file.split('/'))), toVscodeRange(f.related.range)), f.related.message)];
      }
      out.set(uri.toString(), [...(out.get(uri.toString()) ?? []), diagnostic]);
    }
    return out;
  }

  private async configFor(root: string): Promise<MlcConfig | undefined> {
    const { findConfigFile, loadConfigFile } = await import('../../infra/lint/load-config');
    const file = await findConfigFile(root);
    const loaded = file ? await loadConfigFile(file) : undefined;
    if (loaded && !loaded.ok) {
      this.log.warn(`${loaded.file}: ${loaded.errors.join('; ')} — cross-file rules use defaults`);
      return undefined;
    }
    return loaded?.config;
  }

  dispose(): void {
    clearTimeout(this.timer);
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}
