import * as vscode from 'vscode';
import { defaultAnswers } from '../../core/scaffold/defaults';
import { detectProject } from '../../core/scaffold/detect';
import { planScaffold } from '../../core/scaffold/plan';
import { registerCommand } from '../../platform/command';
import type { Logger } from '../../platform/logger';
import { previewAndApply } from './apply';
import { ProposedDocuments, proposedScheme } from './proposed-documents';
import { askAnswers } from './steps';

export interface ScaffoldServices {
  log: Logger;
}

async function projectFolder(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri && arg.scheme === 'file') {
    const stat = await vscode.workspace.fs.stat(arg);
    return stat.type & vscode.FileType.Directory ? arg : vscode.Uri.joinPath(arg, '..');
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) {
    return folders[0]?.uri;
  }
  return (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Project to add container files to' }))?.uri;
}

/**
 * "Add Container Files…": detection -> pre-filled multi-step pick -> preview -> one WorkspaceEdit.
 * Allowed in Restricted Mode: it only proposes text the user reviews, and runs nothing.
 */
export function registerScaffold(services: ScaffoldServices): vscode.Disposable {
  const proposed = new ProposedDocuments();
  const command = registerCommand('mlc.scaffold.addContainerFiles', services.log, async (arg: unknown) => {
    const root = await projectFolder(arg);
    if (!root) {
      void vscode.window.showInformationMessage('ML Containers: open a folder to add container files to.');
      return;
    }
    const { scanWorkspace } = await import('../../infra/scaffold/scan');
    const facts = detectProject(await scanWorkspace(root.fsPath));
    const name = root.path.split('/').filter(Boolean).pop() ?? 'ml-app';
    const initial = defaultAnswers(facts, name, facts.frameworks.length === 0 ? { framework: 'sklearn' } : {});
    if ('error' in initial) {
      throw new Error(initial.error);
    }
    services.log.info(`Scaffold: detected ${facts.frameworks.join(', ') || 'no framework'}; entry ${initial.entry?.path ?? 'none'}`);
    const answers = await askAnswers(initial, facts.frameworks);
    const plan = planScaffold(answers);
    if (!plan.ok) {
      throw new Error(plan.error);
    }
    const applied = await previewAndApply(root, plan.files, proposed);
    services.log.info(`Scaffold: wrote ${applied.join(', ') || 'nothing'}`);
    if (applied.length > 0) {
      void vscode.window.showInformationMessage(`ML Containers: added ${applied.length} file(s). Undo with Edit > Undo.`);
    }
  });
  return vscode.Disposable.from(proposed, vscode.workspace.registerTextDocumentContentProvider(proposedScheme, proposed), command);
}
