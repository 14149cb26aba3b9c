import * as vscode from 'vscode';
import { toTerminalText } from '../../core/docker/stream-demux';
import { openShell, type ShellSession } from '../../infra/docker/container-exec';
import { followLogs } from '../../infra/docker/container-logs';
import type { DockerConnection } from '../../infra/docker/docker-connection';

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A terminal fed by the container's log stream; closing the terminal stops following. */
export function openLogsTerminal(connection: DockerConnection, container: { id: string; name: string }, timestamps: boolean): vscode.Terminal {
  const write = new vscode.EventEmitter<string>();
  const abort = new AbortController();
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    open: () => {
      void (async () => {
        try {
          await followLogs(await connection.streams(), container.id, (text) => write.fire(toTerminalText(text)), { timestamps, tail: 500, signal: abort.signal });
          if (!abort.signal.aborted) {
            write.fire('\r\n\x1b[2m[log stream ended: the container stopped]\x1b[0m\r\n');
          }
        } catch (err) {
          write.fire(`\r\n\x1b[31mCannot follow logs: ${errorText(err)}\x1b[0m\r\n`);
        }
      })();
    },
    close: () => {
      abort.abort();
      write.dispose();
    },
  };
  const terminal = vscode.window.createTerminal({ name: `Logs: ${container.name}${timestamps ? ' (timestamps)' : ''}`, pty, iconPath: new vscode.ThemeIcon('output') });
  terminal.show();
  return terminal;
}

/** An interactive TTY shell in the container; the terminal's size follows into the exec (resize). */
export function openShellTerminal(connection: DockerConnection, container: { id: string; name: string }): vscode.Terminal {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  let session: ShellSession | undefined;
  let closed = false;
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: (dimensions) => {
      void (async () => {
        try {
          session = await openShell(await connection.streams(), container.id, { cols: dimensions?.columns ?? 80, rows: dimensions?.rows ?? 24 });
          if (closed) {
            session.close();
            return;
          }
          session.onData((text) => write.fire(text));
          const code = await session.exited;
          if (!closed) {
            close.fire(code ?? undefined);
          }
        } catch (err) {
          write.fire(`\x1b[31mCannot open a shell in ${container.name}: ${errorText(err)}\x1b[0m\r\n`);
        }
      })();
    },
    handleInput: (data) => session?.write(data),
    setDimensions: (d) => {
      void session?.resize(d.columns, d.rows).catch(() => undefined);
    },
    close: () => {
      closed = true;
      session?.close();
      write.dispose();
      close.dispose();
    },
  };
  const terminal = vscode.window.createTerminal({ name: `Shell: ${container.name}`, pty, iconPath: new vscode.ThemeIcon('terminal') });
  terminal.show();
  return terminal;
}
