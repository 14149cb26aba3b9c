import * as vscode from 'vscode';
import { describeLogPreferences, type LogPreferences } from '../../core/kubernetes/log-options';
import type { ClusterClient } from '../../infra/kubernetes/cluster-client';
import { MergedLogs, type LogTarget } from '../../infra/kubernetes/merged-logs';
import type { Logger } from '../../platform/logger';

const what = (t: LogTarget) => (t.kind === 'Pod' ? `${t.namespace}/${t.name}${t.container ? ` container ${t.container}` : ', all containers'}` : `${t.kind} ${t.namespace}/${t.name}, all pods`);

/** Follows a container's, a pod's or a workload's logs in a terminal; closing the terminal stops every stream. */
export function followLogsInTerminal(client: ClusterClient, target: LogTarget, preferences: LogPreferences, log: Logger): vscode.Terminal {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  let logs: MergedLogs | undefined;
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: () => {
      write.fire(`\x1b[2mFollowing ${what(target)} (${client.context}), ${describeLogPreferences(preferences)}. Close the terminal to stop.\x1b[0m\r\n`);
      logs = new MergedLogs(client, target, preferences, (text) => write.fire(text));
      try {
        logs.start();
      } catch (err) {
        log.warn(`Following logs of ${what(target)} failed: ${String(err)}`);
        write.fire(`\x1b[31mCannot follow the logs: ${err instanceof Error ? err.message : String(err)}\x1b[0m\r\n`);
      }
    },
    close: () => {
      logs?.dispose();
      write.dispose();
      close.dispose();
    },
  };
  const name = target.kind === 'Pod' ? `Logs: ${target.name}${target.container ? `/${target.container}` : ''}` : `Logs: ${target.kind.toLowerCase()}/${target.name}`;
  const terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('output') });
  terminal.show();
  return terminal;
}
