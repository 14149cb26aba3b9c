import * as path from 'node:path';
import * as vscode from 'vscode';
import { stepProgress } from '../../../core/docker/build-progress';
import { buildSteps, locateFailure } from '../../../core/docker/build-steps';
import { buildImage, type BuildOutcome } from '../../../infra/docker/build-image';
import type { DockerConnection } from '../../../infra/docker/docker-connection';
import { UserCancelled } from '../../../platform/command';
import type { Logger } from '../../../platform/logger';
import { askBuildChoices, type BuildChoices } from './build-prompts';
import type { RecentTags } from './recent-tags';

export interface BuildDeps {
  connection: DockerConnection;
  log: Logger;
  recent: RecentTags;
  diagnostics: vscode.DiagnosticCollection;
  output: () => vscode.OutputChannel;
}

const dockerfileGlob = '**/{Dockerfile,*.Dockerfile,Dockerfile.*,Containerfile}';

async function dockerfileArg(arg: unknown): Promise<vscode.Uri> {
  if (arg instanceof vscode.Uri) {
    return arg;
  }
  const active = vscode.window.activeTextEditor?.document;
  if (active?.languageId === 'dockerfile') {
    return active.uri;
  }
  const found = await vscode.workspace.findFiles(dockerfileGlob, '**/node_modules/**', 200);
  const chosen = await vscode.window.showQuickPick(
    found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { title: 'Build Image: choose a Dockerfile' },
  );
  if (!chosen) {
    throw new UserCancelled();
  }
  return chosen.uri;
}

function report(d: BuildDeps, dockerfile: vscode.Uri, text: string, choices: BuildChoices, outcome: BuildOutcome): void {
  switch (outcome.kind) {
    case 'built':
      void vscode.window.showInformationMessage(`ML Containers: built ${choices.tag}.`);
      return;
    case 'cancelled':
      d.output().appendLine(`Build cancelled; removed ${outcome.removedContainers.length} intermediate container(s).`);
      void vscode.window.showInformationMessage('ML Containers: build cancelled; no intermediate containers were left behind.');
      return;
    case 'failed': {
      const failure = locateFailure(outcome.events, buildSteps(text, choices.target));
      const step = failure?.step;
      if (step) {
        const r = step.range;
        const diagnostic = new vscode.Diagnostic(new vscode.Range(r.start.line - 1, r.start.column - 1, r.end.line - 1, r.end.column - 1), `Build step ${step.step} failed: ${outcome.message}`, vscode.DiagnosticSeverity.Error);
        diagnostic.source = 'mlc-build';
        d.diagnostics.set(dockerfile, [diagnostic]);
      }
      const where = step ? ` at step ${step.step} (line ${step.range.start.line})` : '';
      void vscode.window.showErrorMessage(`ML Containers: build failed${where}: ${outcome.message}`, 'Show Build Log', ...(step ? ['Go to Line'] : [])).then(async (choice) => {
        if (choice === 'Show Build Log') {
          d.output().show();
        } else if (choice === 'Go to Line' && step) {
          const line = step.range.start.line - 1;
          await vscode.window.showTextDocument(dockerfile, { selection: new vscode.Range(line, 0, line, 0) });
        }
      });
      return;
    }
  }
}

/** Build Image…: prompts, then builds with cancellable step progress and the full log in the build output channel. */
export async function buildCommand(d: BuildDeps, arg: unknown, preset?: { target?: string }): Promise<void> {
  const dockerfile = await dockerfileArg(arg);
  const document = await vscode.workspace.openTextDocument(dockerfile);
  if (document.isDirty) {
    await document.save();
  }
  const text = document.getText();
  const choices = await askBuildChoices(dockerfile, text, d.recent, preset?.target);
  const rel = path.relative(choices.contextDir, dockerfile.fsPath);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new Error(`the Dockerfile must be inside the build context ${choices.contextDir}`);
  }
  await d.recent.remember(dockerfile, choices.tag);
  d.diagnostics.delete(dockerfile);
  const out = d.output();
  out.show(true);
  out.appendLine(`\n▶ Building ${choices.tag} from ${vscode.workspace.asRelativePath(dockerfile)} (context ${choices.contextDir}${choices.target ? `, target ${choices.target}` : ''}${choices.platform ? `, platform ${choices.platform}` : ''})`);
  const docker = await d.connection.streams();
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Building ${choices.tag}`, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      let previous = 0;
      try {
        return await buildImage(docker, {
          contextDir: choices.contextDir,
          request: { dockerfile: rel.split(path.sep).join('/'), tags: [choices.tag], buildArgs: choices.buildArgs, ...(choices.target ? { target: choices.target } : {}), ...(choices.platform ? { platform: choices.platform } : {}) },
          signal: controller.signal,
          onEvent: (e) => {
            if (e.kind === 'output') {
              out.append(e.text);
            } else if (e.kind === 'status') {
              out.appendLine(`${e.id ? `${e.id}: ` : ''}${e.status}${e.progress ? ` ${e.progress}` : ''}`);
            } else if (e.kind === 'error') {
              out.appendLine(`ERROR: ${e.message}`);
            } else if (e.kind === 'step') {
              progress.report(stepProgress(e, previous));
              previous = e.step;
            }
          },
        });
      } finally {
        sub.dispose();
      }
    },
  );
  d.log.info(`Build of ${choices.tag}: ${outcome.kind}`);
  report(d, dockerfile, text, choices, outcome);
}
