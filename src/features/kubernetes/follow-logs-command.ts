import * as vscode from 'vscode';
import type { ExplorerModel } from '../../infra/kubernetes/explorer-model';
import type { LogTarget } from '../../infra/kubernetes/merged-logs';
import { UserCancelled } from '../../platform/command';
import type { Logger } from '../../platform/logger';
import { pickLogPreferences, type LogPreferencesStore } from './log-options-pick';
import { followLogsInTerminal } from './log-terminal';
import { expectNode } from './node-arg';

const allContainers = 'All containers';

/** Follow Logs on a pod (one container or all) or a workload (all its pods), after asking which lines to show. */
export async function followLogsCommand(deps: { model: ExplorerModel; log: Logger; preferences: LogPreferencesStore }, arg: unknown): Promise<void> {
  const n = expectNode(arg, 'pod', 'workload');
  let target: LogTarget;
  if (n.kind === 'pod') {
    let container = n.containers[0];
    if (n.containers.length > 1) {
      const picked = await vscode.window.showQuickPick([allContainers, ...n.containers], { title: `Follow Logs of ${n.view.name}`, placeHolder: 'Container' });
      container = picked === allContainers ? undefined : picked;
      if (!picked) {
        throw new UserCancelled();
      }
    }
    target = { namespace: n.namespace, kind: 'Pod', name: n.view.name, ...(container ? { container } : {}) };
  } else {
    target = { namespace: n.namespace, kind: n.workloadKind, name: n.name };
  }
  const preferences = await pickLogPreferences(`Follow Logs of ${n.kind === 'pod' ? n.view.name : `${n.workloadKind} ${n.name}`}`, deps.preferences.get());
  if (!preferences) {
    throw new UserCancelled();
  }
  await deps.preferences.set(preferences);
  followLogsInTerminal(await deps.model.client(n.context), target, preferences, deps.log);
}
