import * as vscode from 'vscode';
import type { Logger } from './logger';

export interface CommandOptions {
  /** Commands that build, run, apply or start processes are refused in restricted mode. */
  requiresTrust?: boolean;
}

export class UserCancelled extends Error {}

/** Registers a command whose errors become one actionable message and a full log entry. */
export function registerCommand(
  id: string,
  log: Logger,
  handler: (...args: unknown[]) => unknown,
  options: CommandOptions = {},
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    if (options.requiresTrust && !vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('ML Containers: this action is disabled in Restricted Mode. Trust the workspace to use it.');
      return undefined;
    }
    try {
      return await handler(...args);
    } catch (err) {
      if (err instanceof UserCancelled || err instanceof vscode.CancellationError) {
        return undefined;
      }
      log.error(`Command ${id} failed`, err);
      const choice = await vscode.window.showErrorMessage(`ML Containers: ${err instanceof Error ? err.message : String(err)}`, 'Show Logs');
      if (choice === 'Show Logs') {
        await vscode.commands.executeCommand('workbench.action.output.show.extension-output-ml-containers.ml-containers-#1-ML Containers');
      }
      return undefined;
    }
  });
}
