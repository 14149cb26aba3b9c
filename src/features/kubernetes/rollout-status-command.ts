import * as vscode from 'vscode';
import type { RolloutKind } from '../../core/kubernetes/rollout';
import type { ExplorerModel } from '../../infra/kubernetes/explorer-model';
import { waitForRollout } from '../../infra/kubernetes/rollout-status';
import { expectNode } from './node-arg';

const rolloutTimeoutMs = 10 * 60_000;

export function rolloutTarget(arg: unknown): { context: string; kind: RolloutKind; namespace: string; name: string } {
  const w = expectNode(arg, 'workload');
  if (w.workloadKind !== 'Deployment' && w.workloadKind !== 'StatefulSet') {
    throw new Error(`${w.workloadKind}s have no rollout: use this on a Deployment or StatefulSet.`);
  }
  return { context: w.context, kind: w.workloadKind, namespace: w.namespace, name: w.name };
}

/** Rollout status: progress in a cancellable notification until the rollout is done, failed or times out. */
export async function showRolloutStatus(model: ExplorerModel, arg: unknown): Promise<void> {
  const t = rolloutTarget(arg);
  const client = await model.client(t.context);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Rollout of ${t.kind} ${t.namespace}/${t.name}`, cancellable: true },
    (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return waitForRollout(client, t.kind, t.namespace, t.name, { timeoutMs: rolloutTimeoutMs, signal: abort.signal, onProgress: (s) => progress.report({ message: s.message }) });
    },
  );
  if (result.state === 'done' || result.state === 'cancelled') {
    void vscode.window.showInformationMessage(`ML Containers: ${result.message}`);
  } else {
    void vscode.window.showErrorMessage(`ML Containers: ${result.message}`);
  }
}
