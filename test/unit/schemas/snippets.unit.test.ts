import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFile } from '../../../src/core/schemas/documents';
import { validateText } from '../../../src/core/schemas/validate';
import { lintCompose } from '../../../src/core/lint/compose/lint';
import { lintManifest } from '../../../src/core/lint/kubernetes/lint';
import { bundledStore } from '../../fixtures/schemas/instances';
import { expandSnippet } from './snippet-expand';

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { snippets: { language: string; path: string }[] } };
const contributions = manifest.contributes.snippets;
const files = [...new Set(contributions.map((c) => c.path))];
const store = bundledStore();

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

const snippetsOf = (path: string): [string, Snippet][] => Object.entries(JSON.parse(readFileSync(join(root, path), 'utf8')) as Record<string, Snippet>);
const isCompose = (path: string): boolean => path.endsWith('compose.json');
const blocking = (severity: string): boolean => severity === 'error' || severity === 'warning';

describe('snippet expansion (VS Code snippet syntax at default values)', () => {
  it('takes defaults, the first choice, mirrors (before or after their definition), nested placeholders, variables and escapes', () => {
    assert.equal(expandSnippet(['name: ${1:train}', 'app: $1', 'policy: ${2|Never,OnFailure|}', 'x: ${3:a-${4:b}}-$4', 'cost: \\$5 \\}', 'f: ${TM_FILENAME_BASE:job}$0']),
      'name: train\napp: train\npolicy: Never\nx: a-b-b\ncost: $5 }\nf: job');
    assert.equal(expandSnippet('$1 then ${1:late}'), 'late then late');
  });

  it('refuses what it cannot expand rather than guessing', () => {
    assert.throws(() => expandSnippet('${1/a/b/}'), /unsupported snippet syntax/);
    assert.throws(() => expandSnippet('${1:open'), /unterminated placeholder/);
    assert.throws(() => expandSnippet('cost: $'), /stray "\$"/);
  });
});

describe('bundled snippets', () => {
  it('are contributed for YAML and Compose and shipped in the .vsix', () => {
    assert.deepEqual(contributions.map((c) => `${c.language}:${c.path}`).sort(),
      ['dockercompose:./snippets/compose.json', 'yaml:./snippets/compose.json', 'yaml:./snippets/kubernetes.json']);
    const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(ignore.includes('!snippets/**/*.json'), '.vscodeignore must ship snippets/**/*.json');
  });

  it('have prefixes no other snippet uses', () => {
    const prefixes = files.flatMap((f) => snippetsOf(f).map(([, s]) => s.prefix));
    assert.deepEqual(prefixes.filter((p, i) => prefixes.indexOf(p) !== i), []);
  });

  it('cover the ML resources people write by hand', () => {
    const kinds = snippetsOf('./snippets/kubernetes.json').flatMap(([, s]) => parseFile(expandSnippet(s.body)).documents.map((d) => `${d.apiVersion}/${d.kind}`));
    for (const k of ['batch/v1/Job', 'apps/v1/Deployment', 'v1/Service', 'autoscaling/v2/HorizontalPodAutoscaler', 'kubeflow.org/v1/PyTorchJob',
      'serving.kserve.io/v1beta1/InferenceService', 'ray.io/v1/RayJob', 'kueue.x-k8s.io/v1beta1/LocalQueue', 'batch.volcano.sh/v1alpha1/Job']) {
      assert.ok(kinds.includes(k), `no snippet writes ${k}`);
    }
    assert.ok(snippetsOf('./snippets/compose.json').some(([, s]) => /driver: nvidia/.test(expandSnippet(s.body))), 'no Compose GPU service snippet');
  });

  for (const path of files) {
    for (const [name, snippet] of snippetsOf(path)) {
      describe(`${name} (${path})`, () => {
        const text = expandSnippet(snippet.body);
        const fileName = isCompose(path) ? 'compose.yaml' : 'manifest.yaml';

        it('has an mlc- prefix and a description', () => {
          assert.match(snippet.prefix, /^mlc-[a-z0-9-]+$/);
          assert.ok(snippet.description.length > 20);
        });

        it('validates clean against the bundled schemas, and every document is a kind we bundle', () => {
          const docs = parseFile(text).documents;
          assert.ok(docs.length > 0);
          for (const d of docs) {
            assert.deepEqual(d.doc.errors.map((e) => e.message), []);
            if (!isCompose(path)) {
              assert.ok(store.find('1.34', d.apiVersion ?? '', d.kind ?? ''), `${d.apiVersion}/${d.kind} has no bundled schema`);
            }
          }
          assert.deepEqual(validateText(text, fileName, store, '1.34').map((f) => `${f.path}: ${f.message}`), []);
        });

        it('is really checked: a misspelt top-level field in it is reported', () => {
          const mutated = `${text.trimEnd()}\nmetadatta: 1\n`;
          assert.ok(validateText(mutated, fileName, store, '1.34').some((f) => f.code === 'unknown-field' && f.path === 'metadatta'));
        });

        it('lints clean (no finding at warning or above)', () => {
          const result = isCompose(path) ? lintCompose(text, { path: fileName }) : lintManifest(text, { path: fileName });
          assert.deepEqual(result.problems, []);
          assert.deepEqual(result.findings.filter((f) => blocking(f.severity)).map((f) => `${f.ruleId} line ${f.range.start.line}: ${f.message}`), []);
        });
      });
    }
  }
});
