import * as vscode from 'vscode';
import type { Fix } from '../../core/lint/types';
import { diagnosticSource, toVscodeRange, type LintDiagnostic } from './convert';

export function fixToWorkspaceEdit(uri: vscode.Uri, fix: Fix, edit = new vscode.WorkspaceEdit()): vscode.WorkspaceEdit {
  for (const e of fix.edits) {
    edit.replace(uri, toVscodeRange(e.range), e.newText);
  }
  return edit;
}

const isOurs = (d: vscode.Diagnostic): d is LintDiagnostic => d.source === diagnosticSource && 'finding' in d;

/** Quick fixes from the rules, and "suppress this rule here" as a `# mlc-ignore` line above the instruction. */
export class LintCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics.filter(isOurs)) {
      const { finding } = diagnostic;
      if (finding.fix) {
        const action = new vscode.CodeAction(finding.fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = fixToWorkspaceEdit(document.uri, finding.fix);
        action.diagnostics = [diagnostic];
        action.isPreferred = true;
        actions.push(action);
      }
      const line = instructionStartLine(document, diagnostic.range.start.line);
      const indent = /^\s*/.exec(document.lineAt(line).text)?.[0] ?? '';
      const suppress = new vscode.CodeAction(`Suppress ${finding.ruleId} for this instruction`, vscode.CodeActionKind.QuickFix);
      suppress.edit = new vscode.WorkspaceEdit();
      suppress.edit.insert(document.uri, new vscode.Position(line, 0), `${indent}# mlc-ignore ${finding.ruleId}\n`);
      suppress.diagnostics = [diagnostic];
      actions.push(suppress);
    }
    return actions;
  }
}

/** Walks back over continuation lines to the line where the instruction starts. */
export function instructionStartLine(document: vscode.TextDocument, line: number): number {
  let start = line;
  while (start > 0) {
    const previous = document.lineAt(start - 1).text;
    if (!/[\\`]\s*$/.test(previous)) {
      break;
    }
    start -= 1;
  }
  return start;
}
