import * as vscode from 'vscode';
import { inspectContainer } from '../../infra/docker/container-actions';
import type { DockerConnection } from '../../infra/docker/docker-connection';

export const inspectScheme = 'mlc-docker-inspect';

/** `docker inspect` as a read-only JSON document: mlc-docker-inspect:/<name>.json?<id>. */
export class InspectDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly connection: DockerConnection) {}

  static uriFor(container: { id: string; name: string }): vscode.Uri {
    return vscode.Uri.from({ scheme: inspectScheme, path: `/${container.name}.json`, query: container.id });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const info = await inspectContainer(await this.connection.api(), uri.query);
    return `${JSON.stringify(info, null, 2)}\n`;
  }
}
