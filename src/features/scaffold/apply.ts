import * as vscode from 'vscode';
import type { PlannedFile } from '../../core/scaffold/types';
import { UserCancelled } from '../../platform/command';
import type { ProposedDocuments } from './proposed-documents';

interface FileItem extends vscode.QuickPickItem {
  file: PlannedFile;
  target: vscode.Uri;
  exists: boolean;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * Preview, confirm and apply as one undoable WorkspaceEdit. New files are pre-selected; an existing
 * file is only replaced after its diff was shown and the user explicitly chose to overwrite it.
 */
export async function previewAndApply(root: vscode.Uri, files: readonly PlannedFile[], proposed: ProposedDocuments): Promise<string[]> {
  const items: FileItem[] = [];
  for (const file of files) {
    const target = vscode.Uri.joinPath(root, ...file.path.split('/'));
    const present = await exists(target);
    items.push({ label: file.path, description: present ? 'exists: select to review a diff and overwrite' : 'new', picked: !present, file, target, exists: present });
  }
  const picker = vscode.window.createQuickPick<FileItem>();
  picker.title = 'ML Containers: Add Container Files (preview)';
  picker.placeholder = 'Files to create; select one and press the eye button to preview it';
  picker.canSelectMany = true;
  picker.ignoreFocusOut = true;
  const previewButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('eye'), tooltip: 'Preview' };
  for (const item of items) {
    item.buttons = [previewButton];
  }
  picker.items = items;
  picker.selectedItems = items.filter((i) => i.picked);
  const selected = await new Promise<readonly FileItem[] | undefined>((resolve) => {
    picker.onDidTriggerItemButton((e) => {
      void vscode.window.showTextDocument(proposed.uriFor(e.item.file.path, e.item.file.content), { preview: true, preserveFocus: true });
    });
    picker.onDidAccept(() => {
      resolve(picker.selectedItems);
      picker.hide();
    });
    picker.onDidHide(() => resolve(undefined));
    picker.show();
  }).finally(() => picker.dispose());
  if (!selected || selected.length === 0) {
    throw new UserCancelled();
  }

  const edit = new vscode.WorkspaceEdit();
  const applied: string[] = [];
  for (const item of selected) {
    if (!item.exists) {
      edit.createFile(item.target, { contents: new TextEncoder().encode(item.file.content), overwrite: false });
      applied.push(item.file.path);
      continue;
    }
    const left = proposed.uriFor(item.file.path, item.file.content);
    await vscode.commands.executeCommand('vscode.diff', item.target, left, `${item.file.path}: current ↔ generated`);
    const choice = await vscode.window.showWarningMessage(`${item.file.path} already exists. Replace it with the generated version?`, { modal: true }, 'Overwrite', 'Keep Current');
    if (choice === 'Overwrite') {
      const doc = await vscode.workspace.openTextDocument(item.target);
      edit.replace(item.target, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), item.file.content);
      applied.push(item.file.path);
    }
  }
  if (applied.length === 0) {
    return [];
  }
  if (!(await vscode.workspace.applyEdit(edit, { isRefactoring: false }))) {
    throw new Error('VS Code did not apply the edit (a file may have changed meanwhile); nothing was written');
  }
  return applied;
}
