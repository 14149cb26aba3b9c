import * as vscode from 'vscode';
import { ruleDocUrl } from '../../core/lint/docs';
import type { Finding, Range, Severity } from '../../core/lint/types';

const severityMap: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** Linter ranges are 1-based with an exclusive end; VS Code's are 0-based. */
export function toVscodeRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line - 1, range.start.column - 1, range.end.line - 1, Math.max(range.end.column - 1, 0));
}

export const diagnosticSource = 'mlc';

export interface LintDiagnostic extends vscode.Diagnostic {
  finding: Finding;
}

export function toDiagnostic(finding: Finding): LintDiagnostic {
  const diagnostic = new vscode.Diagnostic(toVscodeRange(finding.range), finding.message, severityMap[finding.severity]) as LintDiagnostic;
  diagnostic.source = diagnosticSource;
  diagnostic.code = { value: finding.ruleId, target: vscode.Uri.parse(ruleDocUrl(finding.ruleId)) };
  diagnostic.finding = finding;
  return diagnostic;
}
