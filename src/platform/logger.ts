import * as vscode from 'vscode';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, err?: unknown): void;
}

export interface ChannelLogger extends Logger {
  channel: vscode.LogOutputChannel;
}

export function createLogger(): ChannelLogger {
  const channel = vscode.window.createOutputChannel('ML Containers', { log: true });
  return {
    channel,
    info: (m) => channel.info(m),
    warn: (m) => channel.warn(m),
    error: (m, err) => channel.error(err instanceof Error ? `${m}: ${err.stack ?? err.message}` : err === undefined ? m : `${m}: ${JSON.stringify(err)}`),
  };
}
