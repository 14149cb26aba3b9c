import * as vscode from 'vscode';
import { isComposeFile } from '../../core/schemas/documents';
import { defaultKubernetesVersion } from '../../core/schemas/store';
import { lazySchemaStore } from '../../infra/schemas/load';
import type { Logger } from '../../platform/logger';
import { currentPlan, hintOnce } from './coexistence';
import { SchemaDiagnostics } from './diagnostics';
import { SchemaCompletions, SchemaHovers, SchemaOutline } from './providers';

const selector: vscode.DocumentSelector = [{ language: 'yaml' }, { language: 'dockercompose' }];

/** Manifest IntelliSense from the bundled schemas; nothing is read until the first YAML document needs it. */
export function registerSchemas(services: { log: Logger; extensionUri: vscode.Uri }): vscode.Disposable {
  const store = lazySchemaStore(services.extensionUri.fsPath);
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
  return vscode.Disposable.from(
    new SchemaDiagnostics(store, version, services.log, applies),
    vscode.languages.registerCompletionItemProvider(selector, new SchemaCompletions(store, version, applies), ':', ' '),
    vscode.languages.registerHoverProvider(selector, new SchemaHovers(store, version, applies)),
    vscode.languages.registerDocumentSymbolProvider(selector, new SchemaOutline()),
  );
}
