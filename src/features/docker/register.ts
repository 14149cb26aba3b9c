import * as vscode from 'vscode';
import { DockerConnection } from '../../infra/docker/docker-connection';
import { ExplorerSource } from '../../infra/docker/explorer-source';
import { watchExplorer } from '../../infra/docker/explorer-watch';
import type { Logger } from '../../platform/logger';
import { trustedSetting } from '../../platform/settings';
import { registerBuild } from './build/register';
import { registerDockerCommands } from './commands';
import { registerCompose } from './compose/compose-commands';
import { ContainersProvider, ImagesProvider } from './explorer-providers';
import { InspectDocuments, inspectScheme } from './inspect-document';
import { ProfileStore } from './profile-store';

export interface DockerServices {
  log: Logger;
  workspaceState: vscode.Memento;
}

/**
 * The Images and Containers views, run profiles and container actions. Nothing connects here:
 * the connection opens when a view is first shown, or when a command needs the engine.
 */
export function registerDocker(services: DockerServices): vscode.Disposable {
  const { log } = services;
  const connection = new DockerConnection({ setting: () => trustedSetting('mlc.docker.host'), log });
  const source = new ExplorerSource();
  const images = new ImagesProvider(connection, source, log);
  const containers = new ContainersProvider(connection, source, log);
  const imagesView = vscode.window.createTreeView('mlc.views.images', { treeDataProvider: images, showCollapseAll: true });
  const containersView = vscode.window.createTreeView('mlc.views.containers', { treeDataProvider: containers, showCollapseAll: true });
  const updateActive = () => connection.setActive(imagesView.visible || containersView.visible);
  const refreshAll = () => {
    images.refresh();
    containers.refresh();
  };
  const watch = watchExplorer(connection, (views) => {
    if (views.has('images')) {
      images.refresh();
    }
    if (views.has('containers')) {
      containers.refresh();
    }
  });
  const settingChanged = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('mlc.docker.host')) {
      void connection.retryNow();
    }
  });
  updateActive();
  return vscode.Disposable.from(
    imagesView,
    containersView,
    imagesView.onDidChangeVisibility(updateActive),
    containersView.onDidChangeVisibility(updateActive),
    images,
    containers,
    watch,
    settingChanged,
    vscode.workspace.registerTextDocumentContentProvider(inspectScheme, new InspectDocuments(connection)),
    registerDockerCommands({ connection, source, log, profiles: new ProfileStore(services.workspaceState), images, refreshAll }),
    registerBuild({ connection, source, log, workspaceState: services.workspaceState }),
    registerCompose({ connection, log }),
    connection,
  );
}
