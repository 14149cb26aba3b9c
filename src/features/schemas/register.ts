import * as vscode from 'vscode';
import { isComposeFile } from '../../core/schemas/documents';
import { defaultKubernetesVersion } from '../../core/schemas/store';
import { lazySchemaStore } from '../../infra/schemas/load';
import type { Logger } from '../../platform/logger';
import { clusterAwareStore } from './cluster-schemas';
import { currentPlan, hintOnce } from './coexistence';
import { SchemaDiagnostics } from './diagnostics';
import { SchemaCompletions, SchemaHovers, SchemaOutline } from './providers';
import { KustomizePatchIndex } from '../lint/kustomize-patch-index';

const selector: vscode.DocumentSelector = [{ language: 'yaml' }, { language: 'dockercompose' }];

export interface SchemaServices {
  log: Logger;
  extensionUri: vscode.Uri;
  /** With these, the chosen cluster's CRD schemas are used too, cached under globalStorage. */
  state?: vscode.Memento;
  globalStorageUri?: vscode.Uri;
}

/** Manifest IntelliSense from the bundled schemas (and the cluster's CRDs); nothing is read until the first YAML document needs it. */
export function registerSchemas(services: SchemaServices): vscode.Disposable {
  const bundled = lazySchemaStore(services.extensionUri.fsPath);
  const { state, globalStorageUri } = services;
  const clusterSchemasArrived = new vscode.EventEmitter<void>();
  const store = state && globalStorageUri
    ? clusterAwareStore(bundled, { log: services.log, state, cacheDir: vscode.Uri.joinPath(globalStorageUri, 'cluster-schemas').fsPath }, () => clusterSchemasArrived.fire())
    : bundled;
  const hint = hintOnce();
  /** Compose files are left to Red Hat YAML when its SchemaStore already validates them (see README, Coexistence). */
  const applies = (d: vscode.TextDocument): boolean => {
    if (vscode.languages.match(selector, d) === 0) {
      return false;
    }
    const plan = currentPlan();
    if (isComposeFile(d.fileName)) {
      return plan.compose === 'ours';
    }
    if (d.getText().includes('apiVersion')) {
      hint(plan);
    }
    return true;
  };
  const version = () => vscode.workspace.getConfiguration('mlc.kubernetes').get<string>('schemaVersion') ?? defaultKubernetesVersion;
  const patches = new KustomizePatchIndex();
  const diagnostics = new SchemaDiagnostics(store, version, services.log, applies, patches);
  return vscode.Disposable.from(
    patches,
    diagnostics,
    clusterSchemasArrived,
    clusterSchemasArrived.event(() => diagnostics.refreshAll()),
    vscode.languages.registerCompletionItemProvider(selector, new SchemaCompletions(store, version, applies), ':', ' '),
    vscode.languages.registerHoverProvider(selector, new SchemaHovers(store, version, applies)),
    vscode.languages.registerDocumentSymbolProvider(selector, new SchemaOutline()),
  );
}
