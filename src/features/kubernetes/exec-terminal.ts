import { PassThrough } from 'node:stream';
import * as vscode from 'vscode';
import type { ClusterClient, ExecSession } from '../../infra/kubernetes/cluster-client';
import type { Logger } from '../../platform/logger';
import { TerminalOutput } from './exec-terminal-size';

/** A terminal into a container through the exec websocket; closing the terminal ends the session. */
export function execInTerminal(client: ClusterClient, namespace: string, pod: string, container: string, command: string[], log: Logger): vscode.Terminal {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  const stdin = new PassThrough();
  let session: ExecSession | undefined;
  let closed = false;
  const stdout = new TerminalOutput((text) => write.fire(text));
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: (size) => {
      if (size) {
        stdout.resize(size.columns, size.rows);
      }
      write.fire(`\x1b[2m${command.join(' ')} in ${namespace}/${pod} container ${container} (${client.context})\x1b[0m\r\n`);
      client.exec(namespace, pod, container, command, { stdout, stderr: null, stdin, tty: true }).then(
        async (s) => {
          session = s;
          const end = await s.exited;
          if (!closed) {
            write.fire(`\r\n\x1b[2m[${end.code !== undefined ? `exited with code ${end.code}` : end.message}]\x1b[0m\r\n`);
          }
        },
        (err: unknown) => {
          log.warn(`Exec into ${namespace}/${pod}/${container} failed: ${String(err)}`);
          write.fire(`\r\n\x1b[31mCannot exec into ${pod}/${container}: ${err instanceof Error ? err.message : String(err)}\x1b[0m\r\n`);
        },
      );
    },
    setDimensions: (size) => stdout.resize(size.columns, size.rows),
    handleInput: (data) => {
      stdin.write(data);
    },
    close: () => {
      closed = true;
      session?.close();
      stdin.end();
      write.dispose();
      close.dispose();
    },
  };
  const terminal = vscode.window.createTerminal({ name: `Exec: ${pod}/${container}`, pty, iconPath: new vscode.ThemeIcon('terminal') });
  terminal.show();
  return terminal;
}
