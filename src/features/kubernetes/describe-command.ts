import * as vscode from 'vscode';
import type { ExplorerNode } from '../../core/kubernetes/explorer-nodes';
import type { ObjectKey } from '../../infra/kubernetes/cluster-client';
import { describeObject } from '../../infra/kubernetes/describe-object';
import type { ExplorerModel } from '../../infra/kubernetes/explorer-model';
import { expectNode } from './node-arg';
import type { ClusterDocuments } from './virtual-documents';

const workloadApi = { Deployment: 'apps/v1', StatefulSet: 'apps/v1', Job: 'batch/v1', CronJob: 'batch/v1' } as const;

function keyOf(n: ExplorerNode & { kind: 'pod' | 'workload' | 'node' }): ObjectKey {
  switch (n.kind) {
    case 'pod':
      return { apiVersion: 'v1', kind: 'Pod', namespace: n.namespace, name: n.view.name };
    case 'node':
      return { apiVersion: 'v1', kind: 'Node', name: n.view.name };
    case 'workload':
      return { apiVersion: workloadApi[n.workloadKind], kind: n.workloadKind, namespace: n.namespace, name: n.name };
  }
}

/** Describe: a read-only document with the object and its events in time order. */
export async function describeCommand(model: ExplorerModel, documents: ClusterDocuments, arg: unknown): Promise<void> {
  const n = expectNode(arg, 'pod', 'workload', 'node');
  const key = keyOf(n);
  const text = await describeObject(await model.client(n.context), key);
  const uri = documents.put(`/describe/${n.context}/${key.namespace ?? '_cluster'}/${key.kind}/${key.name}.yaml`, text);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: true });
}
