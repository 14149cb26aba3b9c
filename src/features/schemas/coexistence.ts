import * as vscode from 'vscode';
import { planCoexistence, type CoexistencePlan } from '../../core/schemas/coexistence';

/** Reads the neighbours' state each time (cheap): extensions and settings can change while we run. */
export function currentPlan(): CoexistencePlan {
  const redHat = vscode.extensions.getExtension('redhat.vscode-yaml');
  const yaml = vscode.workspace.getConfiguration('yaml');
  return planCoexistence({
    redHatActive: redHat?.isActive ?? false,
    redHatSchemas: yaml.get<Record<string, unknown>>('schemas'),
    redHatSchemaStore: yaml.get<boolean>('schemaStore.enable'),
    dockerDxInstalled: vscode.extensions.getExtension('docker.docker') !== undefined,
  });
}

/** Shows the duplicate-diagnostics hint at most once per window. */
export function hintOnce(): (plan: CoexistencePlan) => void {
  let shown = false;
  return (plan) => {
    if (!plan.hint || shown) {
      return;
    }
    shown = true;
    void vscode.window.showInformationMessage(plan.hint, 'Open Settings').then((choice) => {
      if (choice) {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'yaml.schemas');
      }
    });
  };
}
