import * as vscode from 'vscode';
import { registerCommand } from '../../platform/command';
import type { Logger } from '../../platform/logger';
import { fixToWorkspaceEdit, LintCodeActions } from './code-actions';
import { diagnosticSource, type LintDiagnostic } from './convert';
import { DockerfileDiagnostics } from './diagnostics';
import { KustomizePatchIndex } from './kustomize-patch-index';
import { fixAllInEditor } from './fix-all';
import { WorkspaceDiagnostics } from './workspace-diagnostics';

const dockerfileSelector: vscode.DocumentSelector = [
  { language: 'dockerfile' },
  { pattern: '**/{Dockerfile,Containerfile,*.Dockerfile,*.dockerfile,Dockerfile.*,Dockerfile-*}' },
];

const manifestSelector: vscode.DocumentSelector = [{ language: 'yaml' }, { language: 'dockercompose' }];

/** Quick fixes for Kubernetes manifests, and "suppress" as an own-line `# mlc-ignore` above the entry (§9.2). */
class ManifestCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const ours = context.diagnostics.filter((d): d is LintDiagnostic => d.source === diagnosticSource && 'finding' in d && /^ML[KCX]\d{3}$/.test((d as LintDiagnostic).finding.ruleId));
    for (const diagnostic of ours) {
      const { finding } = diagnostic;
      if (finding.fix) {
        const action = new vscode.CodeAction(finding.fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = fixToWorkspaceEdit(document.uri, finding.fix);
        action.diagnostics = [diagnostic];
        action.isPreferred = true;
        actions.push(action);
      }
      // The comment goes above the line at the indentation of its entry (the `-` of a sequence item).
      const line = diagnostic.range.start.line;
      const indent = /^[ ]*/.exec(document.lineAt(line).text)?.[0] ?? '';
      const suppress = new vscode.CodeAction(`Suppress ${finding.ruleId} for this entry`, vscode.CodeActionKind.QuickFix);
      suppress.edit = new vscode.WorkspaceEdit();
      suppress.edit.insert(document.uri, new vscode.Position(line, 0), `${indent}# mlc-ignore ${finding.ruleId}\n`);
      suppress.diagnostics = [diagnostic];
      actions.push(suppress);
    }
    return actions;
  }
}

export function registerLint(log: Logger): vscode.Disposable {
  const patches = new KustomizePatchIndex();
  const diagnostics = new DockerfileDiagnostics(log, patches);
  return vscode.Disposable.from(
    patches,
    diagnostics,
    new WorkspaceDiagnostics(log),
    vscode.languages.registerCodeActionsProvider(dockerfileSelector, new LintCodeActions(), { providedCodeActionKinds: LintCodeActions.kinds }),
    vscode.languages.registerCodeActionsProvider(manifestSelector, new ManifestCodeActions(), { providedCodeActionKinds: ManifestCodeActions.kinds }),
    registerCommand('mlc.lint.fixAll', log, () => fixAllInEditor(vscode.window.activeTextEditor, (uri) => diagnostics.diagnosticsFor(uri))),
  );
}
