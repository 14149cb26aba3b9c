import * as vscode from 'vscode';

/** Settings that point at hosts or files are honoured only in trusted workspaces. */
export function trustedSetting(section: string): string | undefined {
  if (!vscode.workspace.isTrusted) {
    return undefined;
  }
  const value = vscode.workspace.getConfiguration().get<string>(section);
  return value ? value : undefined;
}
