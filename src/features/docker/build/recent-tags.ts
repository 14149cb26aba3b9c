import type * as vscode from 'vscode';
import { rememberTag } from '../../../core/docker/build-options';

const key = 'mlc.docker.build.recentTags';

/** Recent tags per Dockerfile (by URI), kept in workspaceState. */
export class RecentTags {
  constructor(private readonly state: vscode.Memento) {}

  get(dockerfile: vscode.Uri): string[] {
    return this.state.get<Record<string, string[]>>(key, {})[dockerfile.toString()] ?? [];
  }

  async remember(dockerfile: vscode.Uri, tag: string): Promise<void> {
    const all = { ...this.state.get<Record<string, string[]>>(key, {}) };
    all[dockerfile.toString()] = rememberTag(all[dockerfile.toString()] ?? [], tag);
    await this.state.update(key, all);
  }
}
