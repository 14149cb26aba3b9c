import * as vscode from 'vscode';
import type { ExplorerNode } from '../../core/kubernetes/explorer-nodes';
import { parseLocalPort, parseReplicas, portChoices, type ForwardTarget } from '../../core/kubernetes/port-forward';
import type { ExplorerModel } from '../../infra/kubernetes/explorer-model';
import type { PortForward, PortForwardManager } from '../../infra/kubernetes/port-forward-manager';
import { resolveTarget } from '../../infra/kubernetes/resolve-target';
import { whyPending } from '../../infra/kubernetes/why-pending';
import { registerCommand, UserCancelled } from '../../platform/command';
import type { Logger } from '../../platform/logger';
import { followLogsCommand } from './follow-logs-command';
import type { LogPreferencesStore } from './log-options-pick';
import { expectNode as expect } from './node-arg';

export interface KubernetesCommandDeps {
  model: ExplorerModel;
  forwards: PortForwardManager;
  log: Logger;
  logPreferences: LogPreferencesStore;
  setActiveContext(context: string): Thenable<void>;
}

type PodNode = ExplorerNode & { kind: 'pod' };
type WorkloadNode = ExplorerNode & { kind: 'workload' };

const nameOfNode = (n: PodNode | WorkloadNode) => (n.kind === 'pod' ? n.view.name : n.name);

async function whyPendingCommand(deps: KubernetesCommandDeps, arg: unknown): Promise<void> {
  const pod = expect(arg, 'pod');
  const client = await deps.model.client(pod.context);
  const answer = await whyPending(client, pod.namespace, pod.view.name);
  await vscode.window.showInformationMessage(answer.summary, { modal: true, detail: answer.reasons.map((r) => `• ${r.text}`).join('\n\n') });
}

async function portForward(deps: KubernetesCommandDeps, arg: unknown): Promise<void> {
  const n = expect(arg, 'pod', 'workload');
  const client = await deps.model.client(n.context);
  let target: ForwardTarget;
  let containers;
  if (n.kind === 'pod') {
    target = { kind: 'pod', namespace: n.namespace, name: n.view.name };
    containers = (await client.readPod(n.namespace, n.view.name))?.spec?.containers ?? [];
  } else {
    if (n.workloadKind !== 'Deployment' && n.workloadKind !== 'StatefulSet') {
      throw new Error(`Port forwarding works on pods, Deployments and StatefulSets, not ${n.workloadKind}s.`);
    }
    target = { kind: n.workloadKind, namespace: n.namespace, name: n.name };
    containers = (await client.readWorkload(n.workloadKind, n.namespace, n.name))?.spec?.template?.spec?.containers ?? [];
  }
  const declared = portChoices(containers.map((c) => ({ name: c.name, ...(c.ports ? { ports: c.ports } : {}) })));
  const items: (vscode.QuickPickItem & { port: number })[] = [
    ...declared.map((c) => ({ port: c.port, label: c.label, ...(c.detail ? { description: c.detail } : {}) })),
    { port: -1, label: 'Other port…' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `Port Forward to ${nameOfNode(n)}`, placeHolder: 'Port in the pod' });
  if (!picked) {
    throw new UserCancelled();
  }
  let remotePort = picked.port;
  if (remotePort === -1) {
    const typed = await vscode.window.showInputBox({ title: 'Port in the pod', validateInput: (t) => (/^\d+$/.test(t) && Number(t) > 0 && Number(t) < 65536 ? undefined : 'Enter a port from 1 to 65535') });
    if (!typed) {
      throw new UserCancelled();
    }
    remotePort = Number(typed);
  }
  const local = await vscode.window.showInputBox({ title: 'Local port on 127.0.0.1', placeHolder: 'empty: any free port', value: '', validateInput: (t) => { const r = parseLocalPort(t); return r.ok ? undefined : r.problem; } });
  if (local === undefined) {
    throw new UserCancelled();
  }
  const parsed = parseLocalPort(local);
  const f = await deps.forwards.start(
    { target, remotePort, localPort: parsed.ok ? parsed.port : 0, address: '127.0.0.1' },
    {
      resolve: (t, p) => resolveTarget(client, t, p),
      tunnel: (...a) => client.tunnel(...a),
      watchPodGone: (...a) => client.watchPodGone(...a),
      log: (m) => deps.log.info(m),
    },
  );
  const open = await vscode.window.showInformationMessage(`Forwarding 127.0.0.1:${f.localPort ?? ''} → ${nameOfNode(n)}:${remotePort}`, 'Open in Browser');
  if (open) {
    await vscode.env.openExternal(vscode.Uri.parse(`http://127.0.0.1:${f.localPort ?? ''}/`));
  }
}

async function scale(deps: KubernetesCommandDeps, arg: unknown): Promise<void> {
  const w = expect(arg, 'workload');
  if (w.workloadKind !== 'Deployment' && w.workloadKind !== 'StatefulSet') {
    throw new Error(`${w.workloadKind}s cannot be scaled.`);
  }
  const text = await vscode.window.showInputBox({ title: `Scale ${w.workloadKind} ${w.name}`, prompt: 'Replicas', value: String(w.replicas ?? 1), validateInput: (t) => { const r = parseReplicas(t); return r.ok ? undefined : r.problem; } });
  const parsed = text === undefined ? undefined : parseReplicas(text);
  if (!parsed?.ok) {
    throw new UserCancelled();
  }
  if (parsed.replicas === 0) {
    const ok = await vscode.window.showWarningMessage(`Scale ${w.workloadKind} ${w.namespace}/${w.name} to 0? All its pods will stop.`, { modal: true }, 'Scale to 0');
    if (ok !== 'Scale to 0') {
      throw new UserCancelled();
    }
  }
  const client = await deps.model.client(w.context);
  await client.scale(w.workloadKind, w.namespace, w.name, parsed.replicas);
  deps.log.info(`Scaled ${w.workloadKind} ${w.namespace}/${w.name} to ${parsed.replicas} (context ${w.context})`);
}

async function deleteCommand(deps: KubernetesCommandDeps, arg: unknown): Promise<void> {
  const n = expect(arg, 'pod', 'workload');
  const kind = n.kind === 'pod' ? 'Pod' : n.workloadKind;
  const name = nameOfNode(n);
  const ok = await vscode.window.showWarningMessage(`Delete ${kind} ${n.namespace}/${name} in context ${n.context}?`, { modal: true, detail: kind === 'Pod' ? 'A controller may replace it.' : 'Its pods are deleted with it.' }, 'Delete');
  if (ok !== 'Delete') {
    throw new UserCancelled();
  }
  const client = await deps.model.client(n.context);
  await client.delete(kind, n.namespace, name);
  deps.log.info(`Deleted ${kind} ${n.namespace}/${name} (context ${n.context})`);
}

function forwardArg(deps: KubernetesCommandDeps, arg: unknown): PortForward {
  const f = deps.forwards.list().find((x) => x === arg);
  if (!f) {
    throw new Error('Run this command from an item in the Port Forwards view.');
  }
  return f;
}

export function registerKubernetesCommands(deps: KubernetesCommandDeps): vscode.Disposable {
  const { log, model, forwards } = deps;
  const trusted = { requiresTrust: true };
  return vscode.Disposable.from(
    registerCommand('mlc.kubernetes.refresh', log, () => model.reset()),
    registerCommand('mlc.kubernetes.useContext', log, async (arg) => {
      const c = expect(arg, 'context');
      await deps.setActiveContext(c.context);
      model.reset();
    }),
    registerCommand('mlc.kubernetes.whyPending', log, (arg) => whyPendingCommand(deps, arg)),
    registerCommand('mlc.kubernetes.followLogs', log, (arg) => followLogsCommand({ model, log, preferences: deps.logPreferences }, arg)),
    registerCommand('mlc.kubernetes.portForward', log, (arg) => portForward(deps, arg), trusted),
    registerCommand('mlc.kubernetes.scale', log, (arg) => scale(deps, arg), trusted),
    registerCommand('mlc.kubernetes.delete', log, (arg) => deleteCommand(deps, arg), trusted),
    registerCommand('mlc.kubernetes.openPortForward', log, (arg) => vscode.env.openExternal(vscode.Uri.parse(`http://127.0.0.1:${forwardArg(deps, arg).localPort ?? ''}/`))),
    registerCommand('mlc.kubernetes.stopPortForward', log, (arg) => forwards.stop(forwardArg(deps, arg).id)),
    registerCommand('mlc.kubernetes.stopAllPortForwards', log, () => forwards.stopAll()),
  );
}
