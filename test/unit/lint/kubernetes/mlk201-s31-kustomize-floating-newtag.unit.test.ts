import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseMlcConfig } from '../../../../src/core/lint/config';
import { kustomizeBuildSpec } from '../../../../src/core/lint/kubernetes/kustomize';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { rule } from '../../../../src/core/lint/rules/kubernetes/mlk201-image-tag-floating';
import { fileKustomizeFacts } from '../../../../src/infra/lint/kustomize-layout';
import { expectedFindings, walk } from '../cross/support';
import { useLintRepo } from '../support/lint-repo';
import { kubernetesFixturesRoot } from './support';

const ruleDir = path.join(kubernetesFixturesRoot, 'MLK201');

/** The kustomize layouts among a fixture folder's entries (a base and the overlays over it). */
const layouts = (kind: 'fail' | 'pass') =>
  fs
    .readdirSync(path.join(ruleDir, kind), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => path.join(ruleDir, kind, e.name))
    .sort();

const deployment = (image: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: "${image}"}]\n`;

describe('MLK201 under a kustomization whose images: entry sets a floating newTag (main, nightly, latest-gpu)', () => {
  it('kustomizeBuildSpec: a floating newTag pins nothing; the image is deployed with it, renamed or not', () => {
    const spec = kustomizeBuildSpec(
      [
        'images:',
        '  - {name: web, newTag: main}',
        '  - {name: api, newName: registry.example/api, newTag: nightly}',
        '  - {name: gpu, newName: registry.example/gpu, newTag: latest-gpu}',
        '  - {name: pinned, newTag: "1.2.3"}',
        '  - {name: flavour, newTag: 12.4.1-devel-ubuntu22.04}',
        '  - {name: digest, newTag: main, digest: "sha256:0c0b1f4e7d5a3c2b9e8f7a6d5c4b3a29180f7e6d5c4b3a2918f7e6d5c4b3a291"}',
        '',
      ].join('\n'),
    );
    assert.deepEqual(spec?.retaggedImages, ['pinned', 'flavour', 'digest']);
    assert.deepEqual(spec?.imageRenames, [
      { name: 'web', newName: 'web', tag: 'main' },
      { name: 'api', newName: 'registry.example/api', tag: 'nightly' },
      { name: 'gpu', newName: 'registry.example/gpu', tag: 'latest-gpu' },
    ]);
  });

  it('a rename with a floating newTag over a pinned manifest: reported on the manifest\'s image, naming the image deployed', () => {
    const findings = lintManifest(deployment('example/web:1.4.0'), { kustomizeBuild: { selectors: false, images: [], renames: [{ name: 'example/web', newName: 'registry.example/web', tag: 'main' }] } }).findings.filter((f) => f.ruleId === 'MLK201');
    assert.deepEqual(
      findings.map((f) => [f.range.start.line, f.message]),
      [[9, 'container "web" uses the floating tag "main" (a kustomization renames it to "registry.example/web:main"), so each node may run a different image; pin a version tag with newTag in the kustomization\'s images: entry (and ideally a @sha256 digest).']],
    );
  });

  it('a floating newTag alone over a pinned manifest: reported, naming the tag deployed', () => {
    const findings = lintManifest(deployment('example/web:1.4.0'), { rules: [rule], kustomizeBuild: { selectors: false, images: [], renames: [{ name: 'example/web', newName: 'example/web', tag: 'nightly' }] } }).findings;
    assert.deepEqual(findings.map((f) => f.message), ['container "web" uses the floating tag "nightly" (a kustomization retags it to "example/web:nightly"), so each node may run a different image; pin a version tag with newTag in the kustomization\'s images: entry (and ideally a @sha256 digest).']);
  });

  it('the rename\'s tag replaces a digest too, as kustomize writes it; a rename without a tag keeps the digest', () => {
    const digested = 'example/web@sha256:0c0b1f4e7d5a3c2b9e8f7a6d5c4b3a29180f7e6d5c4b3a2918f7e6d5c4b3a291';
    const mlk201 = (tag?: string) => lintManifest(deployment(digested), { rules: [rule], kustomizeBuild: { selectors: false, images: [], renames: [{ name: 'example/web', newName: 'registry.example/web', ...(tag ? { tag } : {}) }] } }).findings.length;
    assert.equal(mlk201('edge'), 1);
    assert.equal(mlk201(), 0);
  });

  it('a configured list that leaves the tag out: the rename\'s tag is judged by it', () => {
    const parsed = parseMlcConfig('rules:\n  MLK201: {options: {floatingTags: [latest]}}\n');
    assert.ok(parsed.ok);
    const build = { kustomizeBuild: { selectors: false, images: [], renames: [{ name: 'example/web', newName: 'registry.example/web', tag: 'main' }] } };
    assert.equal(lintManifest(deployment('example/web:1.4.0'), { ...build, rules: [rule], config: parsed.config }).findings.length, 0);
    assert.equal(lintManifest(deployment('example/web:1.4.0'), { ...build, rules: [rule] }).findings.length, 1);
  });

  describe('golden kustomize layouts (mlc lint)', () => {
    const { write, lint } = useLintRepo('mlk201-s31-newtag');
    const findings = async () =>
      (JSON.parse((await lint('--format', 'json', '--failure-threshold', 'none', '.')).out) as { file: string; ruleId: string; line: number; column: number; endLine: number; endColumn: number }[])
        .filter((f) => f.ruleId === 'MLK201')
        .map((f) => `${f.file}:${f.ruleId}@${f.line}:${f.column}-${f.endLine}:${f.endColumn}`)
        .sort();
    const copy = (dir: string) => walk(dir).forEach((rel) => write(rel, fs.readFileSync(path.join(dir, rel), 'utf8')));
    for (const dir of layouts('fail')) {
      it(`flags fail/${path.basename(dir)} where its expect line says`, async () => {
        copy(dir);
        const expected = expectedFindings(dir);
        assert.ok(expected.length > 0, 'a fail layout needs "# expect:" lines');
        assert.deepEqual(await findings(), expected);
      });
    }
    for (const dir of layouts('pass')) {
      it(`does not flag pass/${path.basename(dir)}`, async () => {
        copy(dir);
        assert.deepEqual(await findings(), []);
      });
    }
    it('has fail and pass layouts', () => {
      assert.ok(layouts('fail').length >= 2);
      assert.ok(layouts('pass').length >= 2);
    });
  });

  describe('the editor: fileKustomizeFacts over the same layouts', () => {
    let root = '';
    beforeEach(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-s31-mlk201-'));
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
    const copy = (dir: string) =>
      walk(dir).forEach((rel) => {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), fs.readFileSync(path.join(dir, rel), 'utf8'));
      });
    const lintBase = async () => {
      const file = path.join(root, 'base/deployment.yaml');
      const facts = await fileKustomizeFacts(file, root);
      return lintManifest(fs.readFileSync(file, 'utf8'), { rules: [rule], kustomizeBuild: facts }).findings.map((f) => `base/deployment.yaml:MLK201@${f.range.start.line}`);
    };
    for (const dir of layouts('fail')) {
      it(`flags fail/${path.basename(dir)}`, async () => {
        copy(dir);
        assert.deepEqual(await lintBase(), expectedFindings(dir).map((e) => e.replace(/:\d+-.*$/, '')));
      });
    }
    for (const dir of layouts('pass')) {
      it(`does not flag pass/${path.basename(dir)}`, async () => {
        copy(dir);
        assert.deepEqual(await lintBase(), []);
      });
    }
  });
});
