import * as vscode from 'vscode';
import { comparePositions } from '../../core/lint/types';
import type { Finding } from '../../core/lint/types';
import { diagnosticSource, type LintDiagnostic } from './convert';
import { fixToWorkspaceEdit } from './code-actions';

/** Non-overlapping fixes, earliest first; a fix that overlaps an earlier one waits for the next run. */
export function compatibleFixes(findings: readonly Finding[]): Finding[] {
  const chosen: Finding[] = [];
  const sorted = findings.filter((f) => f.fix).sort((a, b) => comparePositions(a.range.start, b.range.start));
  let lastEnd: Finding['range']['end'] | undefined;
  for (const f of sorted) {
    const edits = f.fix?.edits ?? [];
    const first = edits.reduce<Finding['range']['start'] | undefined>((m, e) => (!m || comparePositions(e.range.start, m) < 0 ? e.range.start : m), undefined);
    const last = edits.reduce<Finding['range']['end'] | undefined>((m, e) => (!m || comparePositions(e.range.end, m) > 0 ? e.range.end : m), undefined);
    if (!first || !last || (lastEnd && comparePositions(first, lastEnd) < 0)) {
      continue;
    }
    chosen.push(f);
    lastEnd = last;
  }
  return chosen;
}

export async function fixAllInEditor(editor: vscode.TextEditor | undefined, diagnostics: (uri: vscode.Uri) => readonly vscode.Diagnostic[]): Promise<number> {
  if (!editor) {
    void vscode.window.showInformationMessage('ML Containers: open a Dockerfile to fix its problems.');
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
