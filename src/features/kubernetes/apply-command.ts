import * as vscode from 'vscode';
import { applyReport, diffDocuments, planReport, summarize } from '../../core/kubernetes/apply-plan';
import { isManifestFileName, parseManifests, type ManifestObject, type ManifestProblem } from '../../core/kubernetes/manifests';
import { applyPlanned, planApply } from '../../infra/kubernetes/apply-manifests';
import type { ExplorerModel } from '../../infra/kubernetes/explorer-model';
import { UserCancelled } from '../../platform/command';
import type { ClusterDocuments } from './virtual-documents';

export interface ApplyDeps {
  model: ExplorerModel;
  output: vscode.OutputChannel;
  documents: ClusterDocuments;
}

interface Source {
  name: string;
  text: string;
}

/** The manifest texts to apply: a folder's YAML/JSON files (not recursive), one file, or the active editor (unsaved edits included). */
async function sources(arg: unknown): Promise<Source[]> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri) {
    throw new Error('Open a manifest, or run Apply to Cluster on a file or folder in the Explorer.');
  }
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) {
    return [{ name: vscode.workspace.asRelativePath(uri), text: open.getText() }];
  }
  const stat = await vscode.workspace.fs.stat(uri);
  const files =
    stat.type & vscode.FileType.Directory
      ? (await vscode.workspace.fs.readDirectory(uri))
          .filter(([name, type]) => type & vscode.FileType.File && isManifestFileName(name))
          .map(([name]) => vscode.Uri.joinPath(uri, name))
          .sort((a, b) => a.path.localeCompare(b.path))
      : [uri];
  if (files.length === 0) {
    throw new Error(`${vscode.workspace.asRelativePath(uri)} has no .yaml, .yml or .json files.`);
  }
  return Promise.all(files.map(async (f) => ({ name: vscode.workspace.asRelativePath(f), text: new TextDecoder().decode(await vscode.workspace.fs.readFile(f)) })));
}

/**
 * Apply to Cluster: parse, server-side dry-run every object (per-object results), show the diff
 * against live objects, confirm, then server-side apply with the ml-containers field manager.
 */
export async function applyToCluster(deps: ApplyDeps, arg: unknown): Promise<void> {
  const objects: ManifestObject[] = [];
  const problems: ManifestProblem[] = [];
  for (const s of await sources(arg)) {
    const parsed = parseManifests(s.text, s.name);
    objects.push(...parsed.objects);
    problems.push(...parsed.problems);
  }
  const { output } = deps;
  output.appendLine(`\n[${new Date().toISOString()}] Apply to Cluster`);
  for (const p of problems) {
    output.appendLine(`  SKIPPED  ${p.source}#${p.document}: ${p.message}`);
  }
  if (objects.length === 0) {
    output.show(true);
    throw new Error(`No Kubernetes objects to apply${problems.length ? ` (${problems.length} documents skipped, see the output)` : ''}.`);
  }
  const context = await deps.model.activeContextName();
  if (!context) {
    throw new Error('No Kubernetes context: add one to your kubeconfig or choose one in the Clusters view.');
  }
  const client = await deps.model.client(context);
  const plan = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Dry-run of ${objects.length} objects on ${context}…` }, () =>
    planApply(client, objects, client.defaultNamespace),
  );
  output.appendLine(`Server-side dry-run on context ${context} (default namespace ${client.defaultNamespace}):`);
  planReport(plan).forEach((l) => output.appendLine(l));
  output.show(true);
  const ok = plan.filter((p) => p.ok);
  const failed = plan.length - ok.length;
  if (ok.length === 0) {
    throw new Error(`Every object failed the dry-run on ${context}; nothing was applied. The output lists the server's messages.`);
  }
  const diff = diffDocuments(plan);
  if (diff) {
    const stamp = Date.now();
    const left = deps.documents.put(`/apply/${stamp}/live.yaml`, diff.live);
    const right = deps.documents.put(`/apply/${stamp}/applied.yaml`, diff.applied);
    await vscode.commands.executeCommand('vscode.diff', left, right, `Live ↔ After Apply (${context})`, { preview: true });
  }
  const changes = ok.filter((p) => p.ok && p.outcome !== 'unchanged').length;
  if (changes === 0 && failed === 0) {
    void vscode.window.showInformationMessage(`ML Containers: all ${ok.length} objects are unchanged on ${context}.`);
    return;
  }
  const detail = `Dry-run: ${summarize(plan.map((p) => ({ outcome: p.ok ? p.outcome : 'failed' })))}.${failed ? ` ${failed} failed the dry-run and will be skipped (see the output).` : ''}`;
  const go = await vscode.window.showWarningMessage(`Apply ${ok.length} objects to context ${context}?`, { modal: true, detail }, 'Apply');
  if (go !== 'Apply') {
    throw new UserCancelled();
  }
  const results = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Applying to ${context}…` }, () => applyPlanned(client, plan));
  output.appendLine('Server-side apply (field manager ml-containers):');
  applyReport(results).forEach((l) => output.appendLine(l));
  const summary = `Applied to ${context}: ${summarize(results)}.`;
  output.appendLine(summary);
  deps.model.reset();
  if (results.some((r) => r.outcome === 'failed')) {
    void vscode.window.showWarningMessage(`ML Containers: ${summary} See the output for the failures.`);
  } else {
    void vscode.window.showInformationMessage(`ML Containers: ${summary}`);
  }
}
