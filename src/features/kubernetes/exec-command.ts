import * as vscode from 'vscode';
import type { ExplorerModel } from '../../infra/kubernetes/explorer-model';
import { UserCancelled } from '../../platform/command';
import type { Logger } from '../../platform/logger';
import { execInTerminal } from './exec-terminal';
import { expectNode } from './node-arg';

/** Exec: pick a container and a command (a shell by default), then a terminal into it. */
export async function execCommand(model: ExplorerModel, log: Logger, arg: unknown): Promise<void> {
  const pod = expectNode(arg, 'pod');
  let container = pod.containers[0];
  if (pod.containers.length > 1) {
    container = await vscode.window.showQuickPick(pod.containers, { title: `Exec into ${pod.view.name}`, placeHolder: 'Container' });
  }
  if (!container) {
    throw new UserCancelled();
  }
  const typed = await vscode.window.showInputBox({
    title: `Command to run in ${pod.view.name}/${container}`,
    value: 'sh',
    validateInput: (t) => (t.trim() ? undefined : 'Enter a command, e.g. sh or bash'),
  });
  if (!typed?.trim()) {
    throw new UserCancelled();
  }
  execInTerminal(await model.client(pod.context), pod.namespace, pod.view.name, container, typed.trim().split(/\s+/), log);
}
