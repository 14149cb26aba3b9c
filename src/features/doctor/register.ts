import * as vscode from 'vscode';
import { buildDoctorReport } from '../../core/doctor/report';
import { renderDoctorMarkdown } from '../../core/doctor/render-markdown';
import { registerCommand } from '../../platform/command';
import type { Logger } from '../../platform/logger';
import { trustedSetting } from '../../platform/settings';
import { ReportDocuments, reportScheme } from './report-document';

export interface DoctorServices {
  log: Logger;
  extensionUri: vscode.Uri;
}

export const doctorReportUri = vscode.Uri.from({ scheme: reportScheme, path: '/Check Environment.md' });

export function registerDoctor(services: DoctorServices): vscode.Disposable {
  const documents = new ReportDocuments();
  const command = registerCommand('mlc.doctor', services.log, async () => {
    const { gatherDoctorFacts } = await import('../../infra/doctor/gather');
    const facts = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'ML Containers: checking Docker, GPUs and Kubernetes…', cancellable: true },
      (_progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        const dockerHost = trustedSetting('mlc.docker.host');
        const kubeconfig = trustedSetting('mlc.kubernetes.kubeconfig');
        return gatherDoctorFacts({
          env: process.env,
          platform: process.platform,
          ...(dockerHost ? { dockerHostSetting: dockerHost } : {}),
          ...(kubeconfig ? { kubeconfigSetting: kubeconfig } : {}),
          workspaceTrusted: vscode.workspace.isTrusted,
          signal: abort.signal,
        }).finally(() => {
          sub.dispose();
        });
      },
    );
    const report = buildDoctorReport(facts);
    services.log.info(`Check Environment: ${report.counts.error} error(s), ${report.counts.warning} warning(s)`);
    documents.set(doctorReportUri, renderDoctorMarkdown(report));
    await vscode.commands.executeCommand('markdown.showPreview', doctorReportUri);
    return report;
  });
  return vscode.Disposable.from(vscode.workspace.registerTextDocumentContentProvider(reportScheme, documents), documents, command);
}
