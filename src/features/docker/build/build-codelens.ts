import * as vscode from 'vscode';
import { buildStages } from '../../../core/docker/build-steps';

/** "Build Image…" on the first FROM, "Build Stage <name>…" on every named FROM. */
export class BuildCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const stages = buildStages(document.getText());
    return stages.flatMap((s, i) => {
      const range = new vscode.Range(s.line - 1, 0, s.line - 1, 0);
      const lenses: vscode.CodeLens[] = [];
      if (i === 0) {
        lenses.push(new vscode.CodeLens(range, { title: 'Build Image…', command: 'mlc.docker.build', arguments: [document.uri] }));
      }
      if (s.name && i < stages.length - 1) {
        lenses.push(new vscode.CodeLens(range, { title: `Build Stage ${s.name}…`, command: 'mlc.docker.build', arguments: [document.uri, { target: s.name }] }));
      }
      return lenses;
    });
  }
}
