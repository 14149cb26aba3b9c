import * as vscode from 'vscode';
import type { ContainerPortNode } from '../../core/docker/container-tree';
import { formatSize } from '../../core/docker/format';
import { containerAction, pruneDanglingImages, removeImage, type LifecycleAction } from '../../infra/docker/container-actions';
import type { DockerConnection } from '../../infra/docker/docker-connection';
import type { ExplorerSource } from '../../infra/docker/explorer-source';
import { registerCommand } from '../../platform/command';
import type { Logger } from '../../platform/logger';
import type { ImagesProvider } from './explorer-providers';
import { InspectDocuments } from './inspect-document';
import { containerArg, imageArg } from './pickers';
import type { ProfileStore } from './profile-store';
import { rerunCommand, runImageCommand } from './run-command';
import { openLogsTerminal, openShellTerminal } from './terminals';

export interface CommandDeps {
  connection: DockerConnection;
  source: ExplorerSource;
  log: Logger;
  profiles: ProfileStore;
  images: ImagesProvider;
  refreshAll: () => void;
}

const lifecycleTitles: Record<Exclude<LifecycleAction, 'remove'>, string> = { start: 'Starting', stop: 'Stopping', restart: 'Restarting' };

export function registerDockerCommands(d: CommandDeps): vscode.Disposable {
  const { connection, source, log } = d;
  const run = { connection, profiles: d.profiles, log };

  const lifecycle = (action: Exclude<LifecycleAction, 'remove'>) =>
    registerCommand(
      `mlc.docker.${action}`,
      log,
      async (arg) => {
        const c = await containerArg(arg, connection, source, (n) => (action === 'start' ? !n.running : n.running));
        // Stop and restart wait for the process (10 s grace): the client without a request timeout.
        await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `${lifecycleTitles[action]} ${c.name}…` }, async () =>
          containerAction(await connection.streams(), c.id, action),
        );
      },
      { requiresTrust: true },
    );

  const setDangling = async (show: boolean) => {
    d.images.showDangling = show;
    await vscode.commands.executeCommand('setContext', 'mlc.docker.showDangling', show);
    d.images.refresh();
  };

  return vscode.Disposable.from(
    registerCommand('mlc.docker.refresh', log, () => d.refreshAll()),
    registerCommand('mlc.docker.retry', log, async () => {
      await connection.retryNow();
      d.refreshAll();
    }),
    registerCommand('mlc.docker.showDangling', log, () => setDangling(true)),
    registerCommand('mlc.docker.hideDangling', log, () => setDangling(false)),
    registerCommand('mlc.docker.runImage', log, async (arg) => runImageCommand(run, (await imageArg(arg, connection, source)).ref), { requiresTrust: true }),
    registerCommand('mlc.docker.rerun', log, async (arg) => rerunCommand(run, typeof arg === 'object' && arg !== null && (arg as { kind?: string }).kind === 'image' ? (arg as { ref: string }).ref : undefined), { requiresTrust: true }),
    lifecycle('start'),
    lifecycle('stop'),
    lifecycle('restart'),
    registerCommand(
      'mlc.docker.removeContainer',
      log,
      async (arg) => {
        const c = await containerArg(arg, connection, source);
        const ok = await vscode.window.showWarningMessage(`Remove container ${c.name}? A running container is stopped first; its writable layer is lost.`, { modal: true }, 'Remove');
        if (ok === 'Remove') {
          await containerAction(await connection.streams(), c.id, 'remove');
        }
      },
      { requiresTrust: true },
    ),
    registerCommand('mlc.docker.followLogs', log, async (arg) => {
      openLogsTerminal(connection, await containerArg(arg, connection, source), false);
    }),
    registerCommand('mlc.docker.followLogsWithTimestamps', log, async (arg) => {
      openLogsTerminal(connection, await containerArg(arg, connection, source), true);
    }),
    registerCommand(
      'mlc.docker.openShell',
      log,
      async (arg) => {
        openShellTerminal(connection, await containerArg(arg, connection, source, (n) => n.running));
      },
      { requiresTrust: true },
    ),
    registerCommand('mlc.docker.inspect', log, async (arg) => {
      const c = await containerArg(arg, connection, source);
      const doc = await vscode.workspace.openTextDocument(InspectDocuments.uriFor(c));
      await vscode.languages.setTextDocumentLanguage(doc, 'json');
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
    registerCommand('mlc.docker.copyId', log, async (arg) => {
      const c = await containerArg(arg, connection, source);
      await vscode.env.clipboard.writeText(c.id);
      vscode.window.setStatusBarMessage(`Copied the ID of ${c.name}`, 3000);
    }),
    registerCommand('mlc.docker.openPort', log, async (arg) => {
      const port = arg as ContainerPortNode | undefined;
      if (!port?.url) {
        void vscode.window.showInformationMessage('ML Containers: this port is not published on a loopback-reachable address.');
        return;
      }
      await vscode.env.openExternal(vscode.Uri.parse(port.url));
    }),
    registerCommand(
      'mlc.docker.removeImage',
      log,
      async (arg) => {
        const image = await imageArg(arg, connection, source);
        const label = image.dangling ? image.shortId : image.ref;
        const ok = await vscode.window.showWarningMessage(`Remove image ${label}?`, { modal: true, detail: 'Containers created from it keep running; a tag shared with other images only loses this name.' }, 'Remove');
        if (ok === 'Remove') {
          await removeImage(await connection.api(), image.ref);
        }
      },
      { requiresTrust: true },
    ),
    registerCommand(
      'mlc.docker.pruneImages',
      log,
      async () => {
        const ok = await vscode.window.showWarningMessage('Remove all dangling (untagged) images?', { modal: true, detail: 'Like `docker image prune`: images with a tag and images used by containers stay.' }, 'Prune');
        if (ok !== 'Prune') {
          return;
        }
        const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'ML Containers: pruning dangling images…' }, async () =>
          pruneDanglingImages(await connection.streams()),
        );
        void vscode.window.showInformationMessage(`ML Containers: pruned dangling images (${result.deleted} image(s) deleted), reclaimed ${formatSize(result.reclaimedBytes)}.`);
      },
      { requiresTrust: true },
    ),
  );
}
