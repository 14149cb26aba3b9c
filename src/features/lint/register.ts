import * as vscode from 'vscode';
import { registerCommand } from '../../platform/command';
import type { Logger } from '../../platform/logger';
import { LintCodeActions } from './code-actions';
import { DockerfileDiagnostics } from './diagnostics';
import { fixAllInEditor } from './fix-all';

const dockerfileSelector: vscode.DocumentSelector = [
  { language: 'dockerfile' },
  { pattern: '**/{Dockerfile,Containerfile,*.Dockerfile,*.dockerfile,Dockerfile.*}' },
];

export function registerLint(log: Logger): vscode.Disposable {
  const diagnostics = new DockerfileDiagnostics(log);
  return vscode.Disposable.from(
    diagnostics,
    vscode.languages.registerCodeActionsProvider(dockerfileSelector, new LintCodeActions(), { providedCodeActionKinds: LintCodeActions.kinds }),
    registerCommand('mlc.lint.fixAll', log, () => fixAllInEditor(vscode.window.activeTextEditor, (uri) => diagnostics.diagnosticsFor(uri))),
  );
}
