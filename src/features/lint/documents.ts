import * as path from 'node:path';
import type * as vscode from 'vscode';
import { classifyYaml, isComposeFileName, isYamlFileName } from '../../core/lint/yaml/classify';
import { isDockerfileName } from '../../infra/lint/discover';

/** What the linter does with a document: a Dockerfile, a Kubernetes manifest, a Compose file, or nothing. */
export type LintKind = 'dockerfile' | 'kubernetes' | 'compose';

function lintableScheme(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' || document.uri.scheme === 'untitled' || document.uri.scheme === 'vscode-remote';
}

/** Dockerfile, *.Dockerfile, Dockerfile.*, Containerfile — whatever language mode the editor picked. */
export function isLintableDockerfile(document: vscode.TextDocument): boolean {
  if (!lintableScheme(document)) {
    return false;
  }
  return document.languageId === 'dockerfile' || isDockerfileName(path.basename(document.uri.fsPath));
}

/** A YAML document that looks like a Kubernetes manifest (top-level apiVersion + kind); Compose files are not. */
export function isLintableManifest(document: vscode.TextDocument): boolean {
  if (!lintableScheme(document)) {
    return false;
  }
  const name = path.basename(document.uri.fsPath);
  if (document.languageId !== 'yaml' && !isYamlFileName(name)) {
    return false;
  }
  if (isComposeFileName(name) || /^\.mlc\.ya?ml$/.test(name)) {
    return false;
  }
  return classifyYaml(document.getText(), name) === 'kubernetes';
}

/** A Compose file: language `dockercompose`, or YAML named like a Compose file or with top-level `services:`. */
export function isLintableCompose(document: vscode.TextDocument): boolean {
  if (!lintableScheme(document)) {
    return false;
  }
  if (document.languageId === 'dockercompose') {
    return true;
  }
  const name = path.basename(document.uri.fsPath);
  if ((document.languageId !== 'yaml' && !isYamlFileName(name)) || /^\.mlc\.ya?ml$/.test(name)) {
    return false;
  }
  return classifyYaml(document.getText(), name) === 'compose';
}

export function lintKindOf(document: vscode.TextDocument): LintKind | undefined {
  if (isLintableDockerfile(document) && document.languageId !== 'yaml') {
    return 'dockerfile';
  }
  if (isLintableManifest(document)) {
    return 'kubernetes';
  }
  return isLintableCompose(document) ? 'compose' : undefined;
}
