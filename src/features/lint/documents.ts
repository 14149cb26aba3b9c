import * as path from 'node:path';
import type * as vscode from 'vscode';
import { isDockerfileName } from '../../infra/lint/discover';

/** Dockerfile, *.Dockerfile, Dockerfile.*, Containerfile — whatever language mode the editor picked. */
export function isLintableDockerfile(document: vscode.TextDocument): boolean {
  if (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled' && document.uri.scheme !== 'vscode-remote') {
    return false;
  }
  return document.languageId === 'dockerfile' || isDockerfileName(path.basename(document.uri.fsPath));
}
