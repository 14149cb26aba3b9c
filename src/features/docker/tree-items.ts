import * as vscode from 'vscode';
import type { ContainerGroupNode, ContainerNode, ContainerPortNode } from '../../core/docker/container-tree';
import type { ConnectionFailureView } from '../../core/docker/connection-message';
import type { ImageRepositoryNode, ImageTagNode } from '../../core/docker/image-tree';

/** A node that is not engine data: the connection message, its actions and explanations. */
export interface MessageNode {
  kind: 'message';
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  icon?: string;
  contextValue?: string;
  command?: vscode.Command;
  children?: MessageNode[];
}

export type ImagesElement = ImageRepositoryNode | ImageTagNode | MessageNode;
export type ContainersElement = ContainerGroupNode | ContainerNode | ContainerPortNode | MessageNode;

/** Tree labels are plain text: drop the Markdown code marks the shared fix texts use. */
function plain(text: string): string {
  return text.replace(/`/g, '');
}

/** The "Cannot reach Docker" node, shown once per view, with Retry and Check Environment below it. */
export function failureNodes(view: ConnectionFailureView, retryInMs: number | undefined): MessageNode[] {
  const tooltip = plain([view.summary, view.fix ? `Fix: ${view.fix}` : '', ...view.details].filter(Boolean).join('\n\n'));
  return [
    {
      kind: 'message',
      id: 'connection-failure',
      label: view.label,
      description: view.endpointText,
      tooltip,
      icon: 'warning',
      contextValue: 'mlc.docker.unreachable',
      children: [
        ...(view.fix ? [{ kind: 'message' as const, id: 'fix', label: plain(view.fix), tooltip: plain(view.fix), icon: 'lightbulb' }] : []),
        {
          kind: 'message',
          id: 'retry',
          label: 'Retry',
          ...(retryInMs !== undefined ? { description: 'retrying automatically while this view is open' } : {}),
          icon: 'refresh',
          command: { command: 'mlc.docker.retry', title: 'Retry' },
        },
        { kind: 'message', id: 'doctor', label: 'Check Environment', icon: 'pulse', command: { command: 'mlc.doctor', title: 'Check Environment' } },
      ],
    },
  ];
}

export function connectingNode(): MessageNode {
  return { kind: 'message', id: 'connecting', label: 'Connecting to Docker…', icon: 'loading~spin' };
}

export function messageItem(node: MessageNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, node.children?.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  item.id = `message:${node.id}`;
  if (node.description) {
    item.description = node.description;
  }
  if (node.tooltip) {
    item.tooltip = node.tooltip;
  }
  if (node.icon) {
    item.iconPath = new vscode.ThemeIcon(node.icon);
  }
  if (node.contextValue) {
    item.contextValue = node.contextValue;
  }
  if (node.command) {
    item.command = node.command;
  }
  return item;
}

export function repositoryItem(node: ImageRepositoryNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.dangling ? 'Dangling images' : node.repository, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `repo:${node.repository}`;
  item.description = `${node.images.length}`;
  item.iconPath = new vscode.ThemeIcon(node.dangling ? 'circle-slash' : 'repo');
  item.contextValue = node.dangling ? 'mlc.repository.dangling' : 'mlc.repository.tagged';
  return item;
}

export function imageItem(node: ImageTagNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.dangling ? node.shortId : node.tag, vscode.TreeItemCollapsibleState.None);
  item.id = `image:${node.ref}`;
  item.description = `${node.sizeText} · ${node.ageText}`;
  item.tooltip = new vscode.MarkdownString(`**${node.ref}**\n\nID \`${node.shortId}\` · ${node.sizeText} · created ${node.ageText}`);
  item.iconPath = new vscode.ThemeIcon('package');
  item.contextValue = node.dangling ? 'mlc.image.dangling' : 'mlc.image.tagged';
  return item;
}

export function groupItem(node: ContainerGroupNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
  item.id = node.group === 'compose' ? `compose:${node.project ?? node.label}` : `group:${node.group}`;
  item.description = node.description;
  if (node.group === 'compose') {
    item.iconPath = new vscode.ThemeIcon('layers');
    item.contextValue = 'mlc.compose.project';
  }
  return item;
}

function containerIcon(node: ContainerNode): vscode.ThemeIcon {
  if (!node.running) {
    return new vscode.ThemeIcon('debug-stop', new vscode.ThemeColor('disabledForeground'));
  }
  if (node.health === 'unhealthy') {
    return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
  }
  if (node.health === 'starting') {
    return new vscode.ThemeIcon('loading~spin');
  }
  return new vscode.ThemeIcon(node.gpu ? 'circuit-board' : 'vm-running', new vscode.ThemeColor('testing.iconPassed'));
}

export function containerItem(node: ContainerNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.name, node.ports.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = `container:${node.id}`;
  item.description = node.description;
  item.tooltip = new vscode.MarkdownString(
    [`**${node.name}** \`${node.shortId}\``, `Image: ${node.image}`, `Status: ${node.statusText}`, node.composeProject ? `Compose project: ${node.composeProject}` : '']
      .filter(Boolean)
      .join('\n\n'),
  );
  item.iconPath = containerIcon(node);
  item.contextValue = `mlc.container.${node.running ? 'running' : 'stopped'}`;
  return item;
}

export function portItem(node: ContainerPortNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
  item.id = `port:${node.containerId}:${node.containerPort}/${node.protocol}`;
  item.iconPath = new vscode.ThemeIcon(node.url ? 'link-external' : 'plug');
  if (node.url) {
    item.description = node.url;
    item.tooltip = `Open ${node.url}`;
    item.contextValue = 'mlc.port.link';
    item.command = { command: 'mlc.docker.openPort', title: 'Open in Browser', arguments: [node] };
  } else {
    item.contextValue = 'mlc.port.unlinked';
  }
  return item;
}
