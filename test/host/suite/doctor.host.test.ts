import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DoctorReport } from '../../../src/core/doctor/report';
import { waitFor } from '../support/wait';

const reportUri = vscode.Uri.from({ scheme: 'mlc-report', path: '/Check Environment.md' });
const reportTitle = 'ML Containers: Check Environment';

function reportPreviewTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .find(
      (tab) =>
        tab.input instanceof vscode.TabInputWebview &&
        /markdown\.preview/.test(tab.input.viewType) &&
        tab.label.includes('Check Environment'),
    );
}

describe('Check Environment (mlc.doctor) in the extension host', function () {
  this.timeout(120_000);
  let report: DoctorReport | undefined;

  before(async () => {
    report = await vscode.commands.executeCommand<DoctorReport | undefined>('mlc.doctor');
  });

  it('returns a report with facts, findings and counts', () => {
    assert.ok(report, 'mlc.doctor returned nothing (the command failed: see the ML Containers log)');
    assert.ok(report.facts, 'report.facts is missing');
    assert.ok(Array.isArray(report.findings) && report.findings.length > 0, 'report.findings is empty');
    const total = Object.values(report.counts).reduce((a, b) => a + b, 0);
    assert.equal(total, report.findings.length, 'counts do not add up to the number of findings');
  });

  it('covers Docker, GPU, Kubernetes and workspace trust', () => {
    assert.ok(report);
    const ids = report.findings.map((f) => f.id);
    for (const id of ['docker.reachable', 'gpu.runtime', 'kubernetes.kubeconfig', 'workspace.trust']) {
      assert.ok(ids.includes(id), `no finding ${id} (found: ${ids.join(', ')})`);
    }
  });

  it('finds the workspace trusted', () => {
    assert.ok(report);
    assert.equal(vscode.workspace.isTrusted, true, 'the test workspace is not trusted');
    const trust = report.findings.find((f) => f.id === 'workspace.trust');
    assert.equal(trust?.status, 'ok', `workspace.trust: ${trust?.status}: ${trust?.summary}`);
  });

  it('serves the report as a Markdown document', async () => {
    const doc = await vscode.workspace.openTextDocument(reportUri);
    const firstHeading = doc.getText().split('\n').find((line) => line.startsWith('# '));
    assert.equal(firstHeading, `# ${reportTitle}`);
  });

  it('opens the report in a Markdown preview tab', async () => {
    const tab = await waitFor('a Markdown preview tab for the report', reportPreviewTab, { timeoutMs: 30_000 });
    assert.ok(tab.label.includes('Check Environment'), tab.label);
  });
});
