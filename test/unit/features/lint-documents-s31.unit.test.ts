import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { lintKindOf } from '../../../src/features/lint/documents';

/** Just what lintKindOf reads of a TextDocument: the URI's scheme and path, the language, the text. */
function documentOf(fsPath: string, languageId: string, text: string): vscode.TextDocument {
  return { uri: { scheme: 'file', fsPath }, languageId, getText: () => text } as unknown as vscode.TextDocument;
}

const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${NAME}\nspec:\n  containers:\n    - name: a\n      image: nginx:${TAG}\n';
const compose = 'services:\n  api:\n    image: vllm/vllm-openai:${TAG}\n';

describe('lintKindOf: YAML files named as templates, opened as plain text', () => {
  it('a manifest named deploy.yaml.tpl, .yml.j2, .yaml.in or .yaml.gotmpl is linted as a manifest', () => {
    for (const name of ['deploy.yaml.tpl', 'deploy.yml.j2', 'deploy.yaml.in', 'deploy.yaml.gotmpl', 'deploy.yaml.tmpl']) {
      assert.equal(lintKindOf(documentOf(`/w/${name}`, 'plaintext', pod)), 'kubernetes', name);
    }
  });

  it('a Compose file named compose.yaml.j2 is linted as a Compose file', () => {
    assert.equal(lintKindOf(documentOf('/w/compose.yaml.j2', 'plaintext', compose)), 'compose');
  });

  it('leaves plain-text files alone that are not YAML templates by name, whatever they hold', () => {
    for (const name of ['notes.txt', 'deploy.tpl', 'values.yaml.bak', 'README.md']) {
      assert.equal(lintKindOf(documentOf(`/w/${name}`, 'plaintext', pod)), undefined, name);
    }
  });

  it('a template-named YAML file that is neither a manifest nor a Compose file is not linted', () => {
    assert.equal(lintKindOf(documentOf('/w/config.yaml.tpl', 'plaintext', 'log_level: ${LEVEL}\n')), undefined);
  });
});
