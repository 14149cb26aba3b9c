import * as path from 'node:path';
import type * as vscode from 'vscode';
import { isTemplateFileName } from '../../core/lint/kubernetes/template-file-name';
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

/**
 * YAML by name (`x.yaml`), or a YAML file named as a template a tool renders (`deploy.yaml.tpl`, `compose.yml.j2`):
 * editors open the latter as plain text, and the CLI lints it when named.
 */
function hasYamlName(name: string): boolean {
  return isYamlFileName(name) || (isTemplateFileName(name) && isYamlFileName(name.replace(/\.[^.]+$/, '')));
}

/** A YAML document that looks like a Kubernetes manifest (top-level apiVersion + kind); Compose files are not. */
export function isLintableManifest(document: vscode.TextDocument): boolean {
  if (!lintableScheme(document)) {
    return false;
  }
  const name = path.basename(document.uri.fsPath);
  if (document.languageId !== 'yaml' && !hasYamlName(name)) {
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
  if ((document.languageId !== 'yaml' && !hasYamlName(name)) || /^\.mlc\.ya?ml$/.test(name)) {
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
