import * as vscode from 'vscode';
import { compatibleFixes } from '../../core/lint/compatible-fixes';
import { diagnosticSource, type LintDiagnostic } from './convert';
import { fixToWorkspaceEdit } from './code-actions';

export async function fixAllInEditor(editor: vscode.TextEditor | undefined, diagnostics: (uri: vscode.Uri) => readonly vscode.Diagnostic[]): Promise<number> {
  if (!editor) {
    void vscode.window.showInformationMessage('ML Containers: open a Dockerfile, Compose file or Kubernetes manifest to fix its problems.');
    return 0;
  }
  const findings = diagnostics(editor.document.uri)
    .filter((d): d is LintDiagnostic => d.source === diagnosticSource && 'finding' in d)
    .map((d) => d.finding);
  const fixes = compatibleFixes(findings);
  if (fixes.length === 0) {
    void vscode.window.showInformationMessage('ML Containers: no auto-fixable problems in this file.');
    return 0;
  }
  const edit = new vscode.WorkspaceEdit();
  for (const f of fixes) {
    if (f.fix) {
      fixToWorkspaceEdit(editor.document.uri, f.fix, edit);
    }
  }
  await vscode.workspace.applyEdit(edit);
  void vscode.window.showInformationMessage(`ML Containers: applied ${fixes.length} fix${fixes.length === 1 ? '' : 'es'}.`);
  return fixes.length;
}
