import * as vscode from 'vscode';
import type { ExplorerModel } from '../../infra/kubernetes/explorer-model';
import { restartRollout } from '../../infra/kubernetes/rollout-status';
import { UserCancelled } from '../../platform/command';
import { rolloutTarget, showRolloutStatus } from './rollout-status-command';

/** Rollout Restart (as kubectl does it: a restartedAt template annotation), then follows the rollout. */
export async function restartWorkload(model: ExplorerModel, arg: unknown): Promise<void> {
  const t = rolloutTarget(arg);
  const ok = await vscode.window.showWarningMessage(`Restart every pod of ${t.kind} ${t.namespace}/${t.name} (context ${t.context})?`, { modal: true, detail: 'Pods are replaced one by one following the rollout strategy.' }, 'Restart');
  if (ok !== 'Restart') {
    throw new UserCancelled();
  }
  await restartRollout(await model.client(t.context), t.kind, t.namespace, t.name);
  await showRolloutStatus(model, arg);
}
