import * as vscode from 'vscode';
import { patchExcuses } from '../../core/lint/kubernetes/kustomize';
import { operatorPodSchemaDiagnostics } from '../../core/lint/kubernetes/operator-pod-schema';
import { isComposeFile } from '../../core/schemas/documents';
import { IncrementalValidator } from '../../core/schemas/incremental';
import type { KustomizePatchIndex } from '../lint/kustomize-patch-index';
import type { Logger } from '../../platform/logger';
import type { StoreAccess, VersionAccess } from './providers';
import { namesOperatorGroup } from '../../core/schemas/operator-group';

const debounceMs = 250;

/** Schema diagnostics (source "mlc") for YAML documents, recomputed shortly after each edit. */
export class SchemaDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('mlc-schemas');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[];
  private readonly validator = new IncrementalValidator();

  constructor(private readonly store: StoreAccess, private readonly version: VersionAccess, private readonly log: Logger, private readonly applies: (d: vscode.TextDocument) => boolean, private readonly patches: KustomizePatchIndex) {
    this.subscriptions = [
      patches.onDidChange(() => this.refreshAll()),
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, debounceMs)),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('mlc.kubernetes.schemaVersion') && this.refreshAll()),
    ];
    this.refreshAll();
  }

  refreshAll(): void {
    vscode.workspace.textDocuments.forEach((d) => this.schedule(d, 0));
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (!this.applies(document)) {
      return;
    }
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.update(document);
    }, delay));
  }

  private async update(document: vscode.TextDocument): Promise<void> {
    try {
      const version = document.version;
      const text = document.getText();
      const store = await this.store();
      const all = this.validator.validate(text, document.fileName, store, this.version());
      // Operators' pod templates, checked as the pods they become (as MLK002 does in `mlc lint`).
      if (!isComposeFile(document.fileName) && namesOperatorGroup(text)) {
        for (const d of operatorPodSchemaDiagnostics(text, { store, version: this.version() })) {
          if (!all.some((o) => o.start === d.start && o.code === d.code)) {
            all.push(d);
          }
        }
      }
      // A kustomization's patch holds only the fields it changes: missing required fields come from the base.
      // A build that writes labels into selectors (commonLabels, includeSelectors) writes spec.selector too.
      const kustomize = await this.patches.facts(document);
      const findings = all.filter((f) => !(kustomize.patch && patchExcuses(f)) && !(kustomize.selectors && f.code === 'required' && f.path.endsWith('spec.selector')));
      if (document.isClosed || document.version !== version) {
        return;
      }
      this.collection.set(document.uri, findings.map((f) => {
        const d = new vscode.Diagnostic(new vscode.Range(document.positionAt(f.start), document.positionAt(f.end)), f.message,
          f.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
        d.source = 'mlc';
        d.code = `schema/${f.code}`;
        return d;
      }));
    } catch (err) {
      this.log.error(`Schema validation of ${document.uri.fsPath} failed`, err);
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) {
      clearTimeout(t);
    }
    this.timers.clear();
    for (const s of this.subscriptions) {
      s.dispose();
    }
    this.collection.dispose();
  }
}
