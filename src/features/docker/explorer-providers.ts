import * as vscode from 'vscode';
import { connectionFailureView } from '../../core/docker/connection-message';
import { buildContainerTree, linkHostForEndpoint, type ContainerGroupNode } from '../../core/docker/container-tree';
import { buildImageTree, type ImageRepositoryNode } from '../../core/docker/image-tree';
import type { DockerConnection } from '../../infra/docker/docker-connection';
import type { ExplorerSource } from '../../infra/docker/explorer-source';
import type { Logger } from '../../platform/logger';
import {
  connectingNode,
  containerItem,
  failureNodes,
  groupItem,
  imageItem,
  messageItem,
  portItem,
  repositoryItem,
  type ContainersElement,
  type ImagesElement,
  type MessageNode,
} from './tree-items';

/** Roots shared by both views while the engine is not connected: a message, never an error pop-up. */
async function connectionRoots(connection: DockerConnection): Promise<MessageNode[] | undefined> {
  let state = connection.state;
  if (state.kind === 'idle' || state.kind === 'connecting') {
    state = await connection.connect();
  }
  if (state.kind === 'failed') {
    return failureNodes(connectionFailureView(state.failure, state.endpoint, state.socket), state.retryInMs);
  }
  if (state.kind !== 'connected') {
    return [connectingNode()];
  }
  return undefined;
}

/** A failed list call (engine went away mid-refresh) shows as a message; the connection will notice and retry. */
function listFailure(err: unknown): MessageNode[] {
  return [{ kind: 'message', id: 'list-failed', label: 'Could not list from Docker', description: err instanceof Error ? err.message : String(err), icon: 'warning', command: { command: 'mlc.docker.retry', title: 'Retry' } }];
}

abstract class Provider<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  protected readonly changed = new vscode.EventEmitter<T | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    protected readonly connection: DockerConnection,
    protected readonly source: ExplorerSource,
    protected readonly log: Logger,
  ) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  abstract getTreeItem(element: T): vscode.TreeItem;
  abstract getChildren(element?: T): Promise<T[]>;

  dispose(): void {
    this.changed.dispose();
  }
}

export class ImagesProvider extends Provider<ImagesElement> {
  showDangling = false;

  getTreeItem(element: ImagesElement): vscode.TreeItem {
    switch (element.kind) {
      case 'message':
        return messageItem(element);
      case 'repository':
        return repositoryItem(element);
      case 'image':
        return imageItem(element);
    }
  }

  async getChildren(element?: ImagesElement): Promise<ImagesElement[]> {
    if (element) {
      return element.kind === 'repository' ? element.images : element.kind === 'message' ? (element.children ?? []) : [];
    }
    const message = await connectionRoots(this.connection);
    if (message) {
      return message;
    }
    try {
      const images = await this.source.images(await this.connection.api());
      const tree: ImageRepositoryNode[] = buildImageTree(images, { showDangling: this.showDangling, nowMs: Date.now() });
      return tree;
    } catch (err) {
      this.log.warn(`Listing images failed: ${String(err)}`);
      return listFailure(err);
    }
  }
}

export class ContainersProvider extends Provider<ContainersElement> {
  getTreeItem(element: ContainersElement): vscode.TreeItem {
    switch (element.kind) {
      case 'message':
        return messageItem(element);
      case 'group':
        return groupItem(element);
      case 'container':
        return containerItem(element);
      case 'port':
        return portItem(element);
    }
  }

  async getChildren(element?: ContainersElement): Promise<ContainersElement[]> {
    if (element) {
      switch (element.kind) {
        case 'group':
          return element.containers;
        case 'container':
          return element.ports;
        case 'message':
          return element.children ?? [];
        default:
          return [];
      }
    }
    const message = await connectionRoots(this.connection);
    if (message) {
      return message;
    }
    try {
      const docker = await this.connection.api();
      const endpoint = await this.connection.endpoint();
      const { containers, gpuById } = await this.source.containers(docker);
      const tree: ContainerGroupNode[] = buildContainerTree(containers, { nowMs: Date.now(), linkHost: linkHostForEndpoint(endpoint.host), gpuById });
      return tree;
    } catch (err) {
      this.log.warn(`Listing containers failed: ${String(err)}`);
      return listFailure(err);
    }
  }
}
