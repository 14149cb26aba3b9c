import * as path from 'node:path';
import * as vscode from 'vscode';
import { composeCommand, type ComposeAction, type ComposeCli, type ComposeTarget } from '../../../core/docker/compose-cli';
import { composeProjectFiles, detectComposeCli } from '../../../infra/docker/compose-cli';
import type { DockerConnection } from '../../../infra/docker/docker-connection';
import { registerCommand, UserCancelled } from '../../../platform/command';
import type { Logger } from '../../../platform/logger';

const composeGlob = '**/{compose,docker-compose}{,.*}.{yml,yaml}';
const composeName = /^(docker-)?compose(\.[^.]+)?\.ya?ml$/;

interface ProjectNode {
  kind: 'group';
  group: 'compose';
  project: string;
}

function isProjectNode(arg: unknown): arg is ProjectNode {
  return typeof arg === 'object' && arg !== null && (arg as ProjectNode).group === 'compose' && typeof (arg as ProjectNode).project === 'string';
}

async function composeFileArg(arg: unknown): Promise<vscode.Uri> {
  if (arg instanceof vscode.Uri) {
    return arg;
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && composeName.test(path.basename(active.fsPath))) {
    return active;
  }
  const found = await vscode.workspace.findFiles(composeGlob, '**/node_modules/**', 200);
  const chosen = await vscode.window.showQuickPick(found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })), { title: 'Choose a Compose file' });
  if (!chosen) {
    throw new UserCancelled();
  }
  return chosen.uri;
}

export interface ComposeDeps {
  connection: DockerConnection;
  log: Logger;
}

/** Detected once per session; "missing" is re-checked next time (the user may have installed it). */
let detected: Promise<ComposeCli> | undefined;

async function composeCli(): Promise<Extract<ComposeCli, { file: string }>> {
  detected ??= detectComposeCli();
  const cli = await detected;
  if (cli.kind === 'missing') {
    detected = undefined;
    void vscode.window.showErrorMessage(`ML Containers: ${cli.message} ${cli.installHint}`);
    throw new UserCancelled();
  }
  return cli;
}

async function run(d: ComposeDeps, action: ComposeAction, arg: unknown): Promise<void> {
  const cli = await composeCli();
  let target: ComposeTarget;
  let cwd: string | undefined;
  let label: string;
  if (isProjectNode(arg)) {
    const found = await composeProjectFiles(await d.connection.api(), arg.project);
    target = { files: found.files, projectName: arg.project };
    cwd = found.workingDir;
    label = arg.project;
  } else {
    const file = await composeFileArg(arg);
    target = { files: [file.fsPath] };
    cwd = path.dirname(file.fsPath);
    label = vscode.workspace.asRelativePath(file);
  }
  const command = composeCommand(cli, action, target);
  d.log.info(`Compose ${action}: ${command.file} ${command.args.join(' ')}`);
  // The program itself runs in the terminal (argv array, no shell in between).
  const terminal = vscode.window.createTerminal({ name: `Compose ${action}: ${label}`, shellPath: command.file, shellArgs: command.args, ...(cwd ? { cwd } : {}) });
  terminal.show();
}

export function registerCompose(d: ComposeDeps): vscode.Disposable {
  return vscode.Disposable.from(
    registerCommand('mlc.docker.composeUp', d.log, (arg) => run(d, 'up', arg), { requiresTrust: true }),
    registerCommand('mlc.docker.composeDown', d.log, (arg) => run(d, 'down', arg), { requiresTrust: true }),
    registerCommand('mlc.docker.composeLogs', d.log, (arg) => run(d, 'logs', arg), { requiresTrust: true }),
  );
}
