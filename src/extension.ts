import type * as vscode from 'vscode';
import { registerDocker } from './features/docker/register';
import { registerKubernetes } from './features/kubernetes/register';
import { registerDoctor } from './features/doctor/register';
import { registerLint } from './features/lint/register';
import { registerScaffold } from './features/scaffold/register';
import { registerSchemas } from './features/schemas/register';
import { createLogger } from './platform/logger';

export function activate(context: vscode.ExtensionContext): void {
  const log = createLogger();
  context.subscriptions.push(log.channel, registerDoctor({ log, extensionUri: context.extensionUri }), registerLint(log));
  context.subscriptions.push(registerDocker({ log, workspaceState: context.workspaceState }));
  context.subscriptions.push(registerKubernetes({ log, state: context.globalState, workspaceState: context.workspaceState }));
  context.subscriptions.push(registerScaffold({ log }));
  context.subscriptions.push(registerSchemas({ log, extensionUri: context.extensionUri, state: context.globalState, globalStorageUri: context.globalStorageUri }));
}

export function deactivate(): void {
  // Every registration is owned by context.subscriptions and disposed by VS Code.
}
