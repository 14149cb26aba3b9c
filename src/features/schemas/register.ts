import * as vscode from 'vscode';
import { defaultKubernetesVersion } from '../../core/schemas/store';
import { lazySchemaStore } from '../../infra/schemas/load';
import type { Logger } from '../../platform/logger';
import { SchemaDiagnostics } from './diagnostics';
import { SchemaCompletions, SchemaHovers, SchemaOutline } from './providers';

const selector: vscode.DocumentSelector = [{ language: 'yaml' }, { language: 'dockercompose' }];
const applies = (d: vscode.TextDocument) => vscode.languages.match(selector, d) > 0;

/** Manifest IntelliSense from the bundled schemas; nothing is read until the first YAML document needs it. */
export function registerSchemas(services: { log: Logger; extensionUri: vscode.Uri }): vscode.Disposable {
  const store = lazySchemaStore(services.extensionUri.fsPath);
  const version = () => vscode.workspace.getConfiguration('mlc.kubernetes').get<string>('schemaVersion') ?? defaultKubernetesVersion;
  return vscode.Disposable.from(
    new SchemaDiagnostics(store, version, services.log, applies),
    vscode.languages.registerCompletionItemProvider(selector, new SchemaCompletions(store, version), ':', ' '),
    vscode.languages.registerHoverProvider(selector, new SchemaHovers(store, version)),
    vscode.languages.registerDocumentSymbolProvider(selector, new SchemaOutline()),
  );
}
