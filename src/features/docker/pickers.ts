import * as vscode from 'vscode';
import { buildContainerTree, type ContainerNode } from '../../core/docker/container-tree';
import { buildImageTree, type ImageTagNode } from '../../core/docker/image-tree';
import type { DockerConnection } from '../../infra/docker/docker-connection';
import type { ExplorerSource } from '../../infra/docker/explorer-source';
import { UserCancelled } from '../../platform/command';

export interface ContainerRef {
  id: string;
  name: string;
}

function isContainerRef(arg: unknown): arg is ContainerRef {
  return typeof arg === 'object' && arg !== null && typeof (arg as ContainerRef).id === 'string' && typeof (arg as ContainerRef).name === 'string';
}

/** The container a command acts on: the tree node it was invoked on, or one picked from a list. */
export async function containerArg(arg: unknown, connection: DockerConnection, source: ExplorerSource, filter: (c: ContainerNode) => boolean = () => true): Promise<ContainerRef> {
  if (isContainerRef(arg)) {
    return arg;
  }
  const { containers } = await source.containers(await connection.api());
  const nodes = buildContainerTree(containers, { nowMs: Date.now(), linkHost: '127.0.0.1' }).flatMap((g) => g.containers).filter(filter);
  const chosen = await vscode.window.showQuickPick(nodes.map((c) => ({ label: c.name, description: c.description, node: c })), { title: 'Choose a container' });
  if (!chosen) {
    throw new UserCancelled();
  }
  return chosen.node;
}

/** The image a command acts on: the tree node, or one picked from a list. */
export async function imageArg(arg: unknown, connection: DockerConnection, source: ExplorerSource): Promise<Pick<ImageTagNode, 'ref' | 'dangling' | 'shortId'>> {
  if (typeof arg === 'object' && arg !== null && (arg as ImageTagNode).kind === 'image') {
    return arg as ImageTagNode;
  }
  const images = await source.images(await connection.api());
  const nodes = buildImageTree(images, { showDangling: false, nowMs: Date.now() }).flatMap((g) => g.images);
  const chosen = await vscode.window.showQuickPick(nodes.map((i) => ({ label: i.ref, description: `${i.sizeText} · ${i.ageText}`, node: i })), { title: 'Choose an image' });
  if (!chosen) {
    throw new UserCancelled();
  }
  return chosen.node;
}
