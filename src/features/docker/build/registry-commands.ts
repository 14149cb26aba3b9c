import * as vscode from 'vscode';
import { validateTag } from '../../../core/docker/build-options';
import { pushImage, tagImage } from '../../../infra/docker/build-push';
import type { DockerConnection } from '../../../infra/docker/docker-connection';
import type { ExplorerSource } from '../../../infra/docker/explorer-source';
import { UserCancelled } from '../../../platform/command';
import type { Logger } from '../../../platform/logger';
import { imageArg } from '../pickers';

export interface RegistryDeps {
  connection: DockerConnection;
  source: ExplorerSource;
  log: Logger;
  output: () => vscode.OutputChannel;
}

export async function tagImageCommand(d: RegistryDeps, arg: unknown): Promise<void> {
  const image = await imageArg(arg, d.connection, d.source);
  const target = await vscode.window.showInputBox({ title: `Tag ${image.ref}`, value: image.ref, prompt: 'New name: [registry/]repository[:tag]', validateInput: validateTag });
  if (!target) {
    throw new UserCancelled();
  }
  await tagImage(await d.connection.api(), image.ref, target);
  vscode.window.setStatusBarMessage(`Tagged ${image.ref} as ${target}`, 5000);
}

/** Push with per-layer progress; credentials come from the docker config and are never shown or logged. */
export async function pushImageCommand(d: RegistryDeps, arg: unknown): Promise<void> {
  const image = await imageArg(arg, d.connection, d.source);
  const docker = await d.connection.streams();
  const out = d.output();
  out.appendLine(`\n▶ Pushing ${image.ref}`);
  const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Pushing ${image.ref}`, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    try {
      return await pushImage(docker, {
        ref: image.ref,
        signal: controller.signal,
        onAuthSource: (s) => out.appendLine(`Credentials: ${s}`),
        onLayer: (layer, all) => {
          const bytes = layer.total ? ` ${Math.round(((layer.current ?? 0) / layer.total) * 100)}%` : '';
          progress.report({ message: `${all.summary()} · ${layer.id.slice(0, 12)} ${layer.status}${bytes}` });
          if (!layer.total || layer.status !== 'Pushing') {
            out.appendLine(`${layer.id}: ${layer.status}`);
          }
        },
      });
    } finally {
      sub.dispose();
    }
  });
  if (outcome.ok) {
    out.appendLine(`Pushed ${image.ref}${outcome.digest ? ` (${outcome.digest})` : ''}`);
    void vscode.window.showInformationMessage(`ML Containers: pushed ${image.ref}.`);
    return;
  }
  if (outcome.cancelled) {
    out.appendLine('Push cancelled.');
    return;
  }
  out.appendLine(`Push failed: ${outcome.raw}`);
  throw new Error(outcome.message);
}
