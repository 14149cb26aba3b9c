import * as vscode from 'vscode';
import type { DockerConnection } from '../../../infra/docker/docker-connection';
import type { ExplorerSource } from '../../../infra/docker/explorer-source';
import { registerCommand } from '../../../platform/command';
import type { Logger } from '../../../platform/logger';
import { BuildCodeLensProvider } from './build-codelens';
import { buildCommand } from './build-command';
import { RecentTags } from './recent-tags';
import { pushImageCommand, tagImageCommand } from './registry-commands';

export interface BuildFeatureDeps {
  connection: DockerConnection;
  source: ExplorerSource;
  log: Logger;
  workspaceState: vscode.Memento;
}

/** Build Image (command, editor title, explorer, CodeLens on FROM lines), Tag and Push. */
export function registerBuild(d: BuildFeatureDeps): vscode.Disposable {
  let channel: vscode.OutputChannel | undefined;
  const output = () => (channel ??= vscode.window.createOutputChannel('ML Containers: Build'));
  const diagnostics = vscode.languages.createDiagnosticCollection('mlc-build');
  const deps = { connection: d.connection, log: d.log, recent: new RecentTags(d.workspaceState), diagnostics, output };
  const registry = { connection: d.connection, source: d.source, log: d.log, output };
  return vscode.Disposable.from(
    diagnostics,
    { dispose: () => channel?.dispose() },
    vscode.languages.registerCodeLensProvider({ language: 'dockerfile' }, new BuildCodeLensProvider()),
    registerCommand('mlc.docker.build', d.log, (arg, preset) => buildCommand(deps, arg, preset as { target?: string } | undefined), { requiresTrust: true }),
    registerCommand('mlc.docker.tagImage', d.log, (arg) => tagImageCommand(registry, arg), { requiresTrust: true }),
    registerCommand('mlc.docker.pushImage', d.log, (arg) => pushImageCommand(registry, arg), { requiresTrust: true }),
  );
}
