import * as path from 'node:path';
import * as vscode from 'vscode';
import { defaultTag, parseBuildArgs, validateTag } from '../../../core/docker/build-options';
import { buildStages } from '../../../core/docker/build-steps';
import { UserCancelled } from '../../../platform/command';
import type { RecentTags } from './recent-tags';

export interface BuildChoices {
  tag: string;
  buildArgs: Record<string, string>;
  target?: string;
  contextDir: string;
  platform?: string;
}

function required<T>(value: T | undefined): T {
  if (value === undefined) {
    throw new UserCancelled();
  }
  return value;
}

async function pickTag(dockerfile: vscode.Uri, recent: RecentTags): Promise<string> {
  const remembered = recent.get(dockerfile);
  const suggestion = remembered[0] ?? defaultTag(path.basename(path.dirname(dockerfile.fsPath)));
  return required(
    await vscode.window.showInputBox({
      title: 'Build Image (1/4): tag',
      value: suggestion,
      prompt: remembered.length > 1 ? `Recent: ${remembered.slice(1, 5).join(', ')}` : 'repository[:tag]',
      validateInput: validateTag,
    }),
  );
}

async function pickTarget(text: string, preset?: string): Promise<string | undefined> {
  const named = buildStages(text).filter((s) => s.name);
  if (preset !== undefined || named.length === 0) {
    return preset;
  }
  const items: (vscode.QuickPickItem & { target?: string })[] = [
    { label: '$(layers) Last stage', description: 'the whole Dockerfile' },
    ...named.map((s) => ({ label: s.name ?? '', description: `line ${s.line}`, target: s.name })),
  ];
  return required(await vscode.window.showQuickPick(items, { title: 'Build Image (2/4): target stage' })).target;
}

async function pickArgs(): Promise<Record<string, string>> {
  const text = required(
    await vscode.window.showInputBox({
      title: 'Build Image (3/4): build arguments',
      prompt: 'KEY=VALUE pairs separated by spaces (empty for none)',
      validateInput: (v) => {
        const r = parseBuildArgs(v);
        return r.ok ? undefined : r.reason;
      },
    }),
  );
  const r = parseBuildArgs(text);
  return r.ok ? r.args : {};
}

async function pickContext(dockerfile: vscode.Uri): Promise<string> {
  const dir = path.dirname(dockerfile.fsPath);
  const ws = vscode.workspace.getWorkspaceFolder(dockerfile)?.uri.fsPath;
  const items: (vscode.QuickPickItem & { dir?: string })[] = [
    { label: path.basename(dir) || dir, description: 'the Dockerfile’s folder', dir },
    ...(ws && ws !== dir && dir.startsWith(ws + path.sep) ? [{ label: path.basename(ws), description: 'the workspace folder', dir: ws }] : []),
    { label: '$(folder) Choose a folder…' },
  ];
  const chosen = required(await vscode.window.showQuickPick(items, { title: 'Build Image (4/4): build context' }));
  if (chosen.dir) {
    return chosen.dir;
  }
  const picked = required(await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, defaultUri: vscode.Uri.file(dir), openLabel: 'Use as Build Context' }));
  return required(picked[0]).fsPath;
}

async function pickPlatform(): Promise<string | undefined> {
  const items: (vscode.QuickPickItem & { platform?: string })[] = [
    { label: 'Engine default', description: 'the daemon’s own platform' },
    { label: 'linux/amd64', platform: 'linux/amd64' },
    { label: 'linux/arm64', platform: 'linux/arm64' },
  ];
  return required(await vscode.window.showQuickPick(items, { title: 'Build Image: platform' })).platform;
}

/** Asks for tag, target stage, build args, context and platform; throws UserCancelled on Escape. */
export async function askBuildChoices(dockerfile: vscode.Uri, text: string, recent: RecentTags, presetTarget?: string): Promise<BuildChoices> {
  const tag = await pickTag(dockerfile, recent);
  const target = await pickTarget(text, presetTarget);
  const buildArgs = await pickArgs();
  const contextDir = await pickContext(dockerfile);
  const platform = await pickPlatform();
  return { tag, buildArgs, contextDir, ...(target ? { target } : {}), ...(platform ? { platform } : {}) };
}
