import { Writable } from 'node:stream';
import * as vscode from 'vscode';
import type { ClusterClient } from '../../infra/kubernetes/cluster-client';
import type { Logger } from '../../platform/logger';

/** Follows one container's log in a terminal; closing the terminal stops the stream. */
export function followLogsInTerminal(client: ClusterClient, namespace: string, pod: string, container: string, log: Logger): vscode.Terminal {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  const abort = new AbortController();
  const out = new Writable({
    write(chunk: Buffer, _enc, cb) {
      write.fire(chunk.toString('utf8').replace(/\r?\n/g, '\r\n'));
      cb();
    },
  });
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: () => {
      write.fire(`\x1b[2mFollowing ${namespace}/${pod} container ${container} (${client.context}). Close the terminal to stop.\x1b[0m\r\n`);
      client.logs(namespace, pod, container, out, { follow: true, tailLines: 500 }, abort.signal).then(
        () => !abort.signal.aborted && write.fire('\r\n\x1b[2m[log stream ended]\x1b[0m\r\n'),
        (err: unknown) => {
          log.warn(`Logs of ${namespace}/${pod}/${container} failed: ${String(err)}`);
          write.fire(`\r\n\x1b[31m${err instanceof Error ? err.message : String(err)}\x1b[0m\r\n`);
        },
      );
    },
    close: () => {
      abort.abort();
      write.dispose();
      close.dispose();
    },
  };
  const terminal = vscode.window.createTerminal({ name: `Logs: ${pod}/${container}`, pty, iconPath: new vscode.ThemeIcon('output') });
  terminal.show();
  return terminal;
}
