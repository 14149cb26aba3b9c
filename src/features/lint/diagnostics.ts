import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MlcConfig } from '../../core/lint/config';
import type { Logger } from '../../platform/logger';
import { toDiagnostic } from './convert';
import type { LintKind } from './documents';
import { lintKindOf } from './documents';
import type { KustomizePatchIndex } from './kustomize-patch-index';
import { ClusterSetupFiles, readsClusterSetup } from './setup-files';
import { ReadFilesWatch } from './read-files-watch';

const debounceMs = 250;

/** Lints open Dockerfiles, Kubernetes manifests and Compose files on open and change (debounced, per document) and clears them on close. */
export class DockerfileDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('mlc');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly configs = new Map<string, Promise<{ config: MlcConfig; root: string } | undefined>>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** A Compose file's `extends` bases and override file: when one changes, the open files reading it are linted again. */
  private readonly reads = new ReadFilesWatch((readers) => vscode.workspace.textDocuments.filter((d) => readers.includes(d.uri.toString())).forEach((d) => this.schedule(d, debounceMs)));
  /** Kueue's flavors and queues, KServe's runtimes in the workspace: a YAML file written, created or deleted may change those an open workload names. */
  private readonly setup = new ClusterSetupFiles(() => vscode.workspace.textDocuments.filter((d) => readsClusterSetup(d.getText())).forEach((d) => this.schedule(d, debounceMs)));

  constructor(private readonly log: Logger, private readonly patches: KustomizePatchIndex) {
    this.subscriptions.push(
      this.reads,
      this.setup,
      patches.onDidChange(() => vscode.workspace.textDocuments.forEach((d) => this.schedule(d, 0))),
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, debounceMs)),
      vscode.workspace.onDidCloseTextDocument((d) => this.clear(d)),
    );
    const watcher = vscode.workspace.createFileSystemWatcher('**/.mlc.{yaml,yml}');
    const relintAll = () => {
      this.configs.clear();
      vscode.workspace.textDocuments.forEach((d) => this.schedule(d, 0));
    };
    this.subscriptions.push(watcher, watcher.onDidChange(relintAll), watcher.onDidCreate(relintAll), watcher.onDidDelete(relintAll));
    vscode.workspace.textDocuments.forEach((d) => this.schedule(d, 0));
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    const kind = lintKindOf(document);
    const key = document.uri.toString();
    if (!kind) {
      // A YAML file can stop looking like a manifest while it is edited: drop its old diagnostics.
      if (this.collection.has(document.uri)) {
        this.clear(document);
      }
      return;
    }
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.lint(document, kind).catch((err: unknown) => this.log.error(`Linting ${document.uri.fsPath} failed`, err));
      }, delay),
    );
  }

  private configFor(dir: string): Promise<{ config: MlcConfig; root: string } | undefined> {
    let pending = this.configs.get(dir);
    if (!pending) {
      pending = (async () => {
        const { findConfigFile, loadConfigFile } = await import('../../infra/lint/load-config');
        const file = await findConfigFile(dir);
        if (!file) {
          return undefined;
        }
        const loaded = await loadConfigFile(file);
        if (!loaded.ok) {
          this.log.warn(`${file}: ${loaded.errors.join('; ')} — linting with defaults`);
          return undefined;
        }
        return { config: loaded.config, root: path.dirname(file) };
      })();
      this.configs.set(dir, pending);
    }
    return pending;
  }

  private async lint(document: vscode.TextDocument, kind: LintKind): Promise<void> {
    if (document.isClosed) {
      return;
    }
    const dir = document.uri.scheme === 'file' ? path.dirname(document.uri.fsPath) : undefined;
    const found = dir ? await this.configFor(dir) : undefined;
    const config = found?.config;
    // The path `.mlc.yaml` ignore entries match (relative to its folder); just the file name without a config.
    const relPath = document.uri.scheme !== 'file' ? undefined : found ? path.relative(found.root, document.uri.fsPath).split(path.sep).join('/') : path.basename(document.uri.fsPath);
    const where = relPath !== undefined ? { path: relPath } : {};
    const version = document.version;
    let result;
    if (kind === 'compose') {
      const text = document.getText();
      const near = dir ? import('../../infra/lint/compose-extends').then(({ composeReadsNear }) => composeReadsNear(document.uri.fsPath, text, (file) => this.reads.openText(file), vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath)) : undefined;
      const [{ lintCompose }, { composeRules }, { extendsFiles, overrideFile, baseFile, variantFiles, projectServices, envFile, builtDockerfiles, includedVolumes, watched } = { watched: [] }] = await Promise.all([import('../../core/lint/compose/lint'), import('../../core/lint/rules/compose'), near]);
      if (!document.isClosed && document.version === version) {
        this.reads.track(document.uri.toString(), watched);
      }
      // The editor already validates Compose files against the same schema (ours or Red Hat YAML's): no MLC002 doubles.
      result = lintCompose(text, { ...(config ? { config } : {}), ...where, rules: composeRules.filter((r) => r.meta.id !== 'MLC002'), ...(extendsFiles && extendsFiles.size > 0 ? { extendsFiles } : {}), ...(overrideFile !== undefined ? { overrideFile } : {}), ...(baseFile !== undefined ? { baseFile } : {}), ...(variantFiles ? { variantFiles } : {}), ...(projectServices !== undefined ? { projectServices } : {}), ...(envFile !== undefined ? { envFile } : {}), ...(builtDockerfiles ? { builtDockerfiles } : {}), ...(includedVolumes ? { includedVolumes } : {}) });
    } else if (kind === 'kubernetes') {

      // HPAs beside the file (`hpa.yaml` next to `deployment.yaml`) or applied with it by its kustomizations scale its workloads, as `mlc lint` finds them.
      const hpaNear = dir ? Promise.all([import('../../infra/lint/hpa-near'), this.patches.facts(document)]).then(([{ hpaTargetsNear }, k]) => hpaTargetsNear(dir, document.uri.fsPath, k.buildsWith)) : undefined;
      // And the reverse: GPU workloads beside an HPA file (MLK310 leaves single-replica GPU serving alone).
      const gpuNear = dir && document.getText().includes('HorizontalPodAutoscaler') ? Promise.all([import('../../infra/lint/hpa-near'), this.patches.facts(document)]).then(([{ gpuWorkloadsNear }, k]) => gpuWorkloadsNear(dir, document.uri.fsPath, config?.cluster, k.buildsWith)) : undefined;
      // GPU claim templates beside a file whose pods claim devices (`claims.yaml` next to `deployment.yaml`), or in a file its kustomizations apply with it.
      const draNear = dir && document.getText().includes('resourceClaims') ? Promise.all([import('../../infra/lint/dra-near'), this.patches.facts(document)]).then(([{ draClaimsNear }, k]) => draClaimsNear(dir, document.uri.fsPath, k.buildsWith)) : undefined;
      // Kueue's flavors and queues, KServe's runtimes anywhere in the workspace folder (cluster setup lives apart from the workloads), for a file that uses them.
      const setupNear = readsClusterSetup(document.getText()) ? this.setup.objectsFor(document) : undefined;
      const [{ lintManifest }, kustomize, hpaTargets, gpuWorkloads, draClaims, setup] = await Promise.all([import('../../core/lint/kubernetes/lint'), this.patches.facts(document), hpaNear, gpuNear, draNear, setupNear]);
      this.reads.forget(document.uri.toString()); // a document that stopped being a Compose file reads no bases any more
      const kustomizeBuild = kustomize.selectors || kustomize.images.length > 0 || kustomize.renames || kustomize.replicas || kustomize.imagesReplaced || kustomize.patchedFields ? { kustomizeBuild: kustomize } : {};
      result = lintManifest(document.getText(), { ...(config ? { config } : {}), ...where, ...(kustomize.patch ? { kustomizePatch: true } : {}), ...kustomizeBuild, ...(hpaTargets && hpaTargets.size > 0 ? { hpaTargets } : {}), ...(gpuWorkloads && gpuWorkloads.size > 0 ? { gpuWorkloads } : {}), ...(draClaims ? { draClaims } : {}), ...(setup?.kueue ? { kueue: setup.kueue } : {}), ...(setup?.shmRuntimes ? { shmRuntimes: setup.shmRuntimes } : {}) });
    } else {
      const [{ lintDockerfile }, { fsBuildContext }, { namedContextsNear }] = await Promise.all([import('../../core/lint/engine'), import('../../infra/lint/build-context'), import('../../infra/lint/named-contexts')]);
      // Named build contexts that bake or Compose files around the Dockerfile pass (FROM and COPY --from may name them), the images Compose builds there and the stages it builds from this file; a change of those files lints it again.
      const near = dir ? namedContextsNear(document.uri.fsPath, vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath) : undefined;
      const namedContexts = near?.names ?? [];
      if (near && !document.isClosed && document.version === version) {
        this.reads.track(document.uri.toString(), near.watched);
      } else {
        this.reads.forget(document.uri.toString());
      }
      result = lintDockerfile(document.getText(), {
        ...(config ? { config } : {}),
        ...where,
        ...(dir ? { buildContext: fsBuildContext(dir) } : {}),
        ...(namedContexts.length > 0 ? { namedContexts } : {}),
        ...(near && near.localImages.length > 0 ? { localImages: near.localImages } : {}),
        ...(near?.targets ? { targets: near.targets } : {}),
      });
    }
    if (document.isClosed || document.version !== version) {
      return;
    }
    const diagnostics: vscode.Diagnostic[] = result.findings.map(toDiagnostic);
    for (const problem of result.problems) {
      const text = problem.level === 'info' ? `ML Containers: ${problem.message}` : `ML Containers did not lint this file: ${problem.message}`;
      diagnostics.push(new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), text, vscode.DiagnosticSeverity.Information));
    }
    this.collection.set(document.uri, diagnostics);
  }

  private clear(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.collection.delete(document.uri);
    this.reads.forget(key);
  }

  diagnosticsFor(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  dispose(): void {
    this.timers.forEach((t) => clearTimeout(t));
    this.timers.clear();
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}
