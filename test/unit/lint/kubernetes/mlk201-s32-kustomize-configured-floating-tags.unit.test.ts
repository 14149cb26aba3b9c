import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseMlcConfig } from '../../../../src/core/lint/config';
import { kustomizeBuildSpec } from '../../../../src/core/lint/kubernetes/kustomize';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { rule } from '../../../../src/core/lint/rules/kubernetes/mlk201-image-tag-floating';
import { fileKustomizeFacts } from '../../../../src/infra/lint/kustomize-layout';
import { useLintRepo } from '../support/lint-repo';

const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: "example/web:1.4.0"}]\n';

/** A base whose manifest pins 1.4.0, and an overlay whose images: entry sets a newTag of its own. */
const layout = (entry: string): Record<string, string> => ({
  'base/deployment.yaml': deployment,
  'base/kustomization.yaml': 'resources: [deployment.yaml]\n',
  'overlays/prod/kustomization.yaml': `resources: [../../base]\nimages:\n  - ${entry}\n`,
});

const broader = 'rules:\n  MLK201: {options: {floatingTags: [latest, main, stable, "release-*"]}}\n';

describe('MLK201 judges a kustomization\'s newTag with the configured floatingTags list, broader than the default (CLI and editor)', () => {
  it('kustomizeBuildSpec keeps the name deployed and the tag of each pin by newTag alone, not of a digest pin', () => {
    const spec = kustomizeBuildSpec(
      [
        'images:',
        '  - {name: web, newTag: stable}',
        '  - {name: api, newName: registry.example/api, newTag: "2.0"}',
        '  - {name: odd, newName: "registry.example/odd:v1", newTag: "1.0"}',
        '  - {name: digest, newTag: stable, digest: "sha256:0c0b1f4e7d5a3c2b9e8f7a6d5c4b3a29180f7e6d5c4b3a2918f7e6d5c4b3a291"}',
        '  - {name: floats, newTag: main}',
        '',
      ].join('\n'),
    );
    assert.deepEqual(spec?.retaggedImages, ['web', 'api', 'odd', 'digest']);
    assert.deepEqual(spec?.imageRetags, [
      { name: 'web', newName: 'web', tag: 'stable' },
      { name: 'api', newName: 'registry.example/api', tag: '2.0' },
    ]);
  });

  describe('mlc lint', () => {
    const { write, lint } = useLintRepo('mlk201-s32-configured');
    const mlk201 = async () =>
      (JSON.parse((await lint('--format', 'json', '--failure-threshold', 'none', '.')).out) as { file: string; ruleId: string; line: number; message: string }[])
        .filter((f) => f.ruleId === 'MLK201')
        .map((f) => `${f.file}:${f.line} ${f.message}`);
    const writeLayout = (entry: string) => Object.entries(layout(entry)).forEach(([rel, text]) => write(rel, text));

    it('a newTag the configured list floats (stable) un-pins the image: reported, naming the tag deployed', async () => {
      writeLayout('{name: example/web, newTag: stable}');
      write('.mlc.yaml', broader);
      assert.deepEqual(await mlk201(), [
        'base/deployment.yaml:9 container "web" uses the floating tag "stable" (a kustomization retags it to "example/web:stable"), so each node may run a different image; pin a version tag with newTag in the kustomization\'s images: entry (and ideally a @sha256 digest).',
      ]);
    });

    it('with a rename, and with a configured pattern (release-*)', async () => {
      writeLayout('{name: example/web, newName: registry.example/web, newTag: release-2024}');
      write('.mlc.yaml', broader);
      assert.deepEqual(await mlk201(), [
        'base/deployment.yaml:9 container "web" uses the floating tag "release-2024" (a kustomization renames it to "registry.example/web:release-2024"), so each node may run a different image; pin a version tag with newTag in the kustomization\'s images: entry (and ideally a @sha256 digest).',
      ]);
    });

    it('stays silent for a tag the list leaves fixed, a digest pin, and without the configured list', async () => {
      write('.mlc.yaml', broader);
      writeLayout('{name: example/web, newTag: "1.5.0"}');
      assert.deepEqual(await mlk201(), []);
      writeLayout('{name: example/web, newTag: stable, digest: "sha256:0c0b1f4e7d5a3c2b9e8f7a6d5c4b3a29180f7e6d5c4b3a2918f7e6d5c4b3a291"}');
      assert.deepEqual(await mlk201(), []);
      write('.mlc.yaml', 'rules: {}\n');
      writeLayout('{name: example/web, newTag: stable}');
      assert.deepEqual(await mlk201(), []);
    });
  });

  describe('the editor: fileKustomizeFacts and the workspace configuration', () => {
    let root = '';
    beforeEach(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-s32-mlk201-'));
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
    const lintBase = async (entry: string, configText: string) => {
      for (const [rel, text] of Object.entries(layout(entry))) {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), text);
      }
      const parsed = parseMlcConfig(configText);
      assert.ok(parsed.ok);
      const file = path.join(root, 'base/deployment.yaml');
      const facts = await fileKustomizeFacts(file, root);
      return lintManifest(fs.readFileSync(file, 'utf8'), { rules: [rule], config: parsed.config, kustomizeBuild: facts }).findings.map((f) => `${f.range.start.line} ${f.message}`);
    };

    it('reports the newTag the configured list floats, as the CLI does', async () => {
      assert.deepEqual(await lintBase('{name: example/web, newTag: stable}', broader), [
        '9 container "web" uses the floating tag "stable" (a kustomization retags it to "example/web:stable"), so each node may run a different image; pin a version tag with newTag in the kustomization\'s images: entry (and ideally a @sha256 digest).',
      ]);
    });

    it('leaves a newTag the list does not name pinned', async () => {
      assert.deepEqual(await lintBase('{name: example/web, newTag: "1.5.0"}', broader), []);
      assert.deepEqual(await lintBase('{name: example/web, newTag: stable}', 'rules: {}\n'), []);
    });
  });
});
