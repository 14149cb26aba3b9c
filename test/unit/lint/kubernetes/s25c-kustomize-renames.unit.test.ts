import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { kustomizeBuildSpec, renamedImages } from '../../../../src/core/lint/kubernetes/kustomize';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { fileKustomizeFacts, kustomizeLayout } from '../../../../src/infra/lint/kustomize-layout';

const deployment = (image: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: "${image}"}]\n`;

describe('kustomize image renames travel typed, apart from the pinned image names', () => {
  it('kustomizeBuildSpec: renames that pin nothing, with newTag latest kept as their tag', () => {
    const spec = kustomizeBuildSpec(['images:', '  - {name: controller, newName: registry.example/ctrl, newTag: v1.2.0}', '  - {name: web, newName: registry.example/web}', '  - {name: api, newName: registry.example/api, newTag: latest}', '  - {name: odd, newName: "registry.example/odd:v1"}', '  - {name: sidecar, newTag: latest}', ''].join('\n'));
    assert.deepEqual(spec?.retaggedImages, ['controller']);
    assert.deepEqual(spec?.imageRenames, [{ name: 'web', newName: 'registry.example/web' }, { name: 'api', newName: 'registry.example/api', tag: 'latest' }, { name: 'sidecar', newName: 'sidecar', tag: 'latest' }]);
  });

  it('renamedImages: the new name keeps the image\'s tag unless the rename sets one; a registry port is not a tag', () => {
    const renames = [{ name: 'web', newName: 'registry.example:5000/web' }, { name: 'api', newName: 'registry.example/api', tag: 'latest' }];
    assert.deepEqual(renamedImages('web:latest', renames), ['registry.example:5000/web:latest']);
    assert.deepEqual(renamedImages('web', renames), ['registry.example:5000/web']);
    assert.deepEqual(renamedImages('api:dev', renames), ['registry.example/api:latest']);
    assert.deepEqual(renamedImages('webhook:latest', renames), []);
  });

  it('MLK201 reads kustomizeBuild.renames; an images entry is a pinned name, never a rename', () => {
    const mlk201 = (build: Parameters<typeof lintManifest>[1]) => lintManifest(deployment('web:latest'), build).findings.filter((f) => f.ruleId === 'MLK201').map((f) => f.message);
    assert.match(mlk201({ kustomizeBuild: { selectors: false, images: [], renames: [{ name: 'web', newName: 'registry.example/web' }] } })[0] ?? '', /renames it to "registry\.example\/web:latest"/);
    assert.doesNotMatch(mlk201({ kustomizeBuild: { selectors: false, images: ['web=registry.example/web'] } })[0] ?? '', /renames it/);
    assert.deepEqual(mlk201({ kustomizeBuild: { selectors: false, images: ['registry.example/web'], renames: [{ name: 'web', newName: 'registry.example/web' }] } }), [], 'a pin of the new name');
  });

  describe('the layout and the editor\'s facts', () => {
    let root = '';
    beforeEach(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-s25c-renames-'));
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    };

    it('renames reach the base\'s files apart from the pinned names', async () => {
      write('base/kustomization.yaml', 'resources: [deploy.yaml]\n');
      write('base/deploy.yaml', deployment('web:latest'));
      write('overlays/prod/kustomization.yaml', 'resources: [../../base]\nimages:\n  - {name: web, newName: registry.example/web}\n  - {name: sidecar, newTag: v2}\n');
      const file = path.join(root, 'base/deploy.yaml');
      const layout = await kustomizeLayout([path.join(root, 'base'), path.join(root, 'overlays/prod')]);
      assert.deepEqual([...(layout.retaggedImages.get(file) ?? [])], ['sidecar']);
      assert.deepEqual(layout.imageRenames.get(file), [{ name: 'web', newName: 'registry.example/web' }]);
      const facts = await fileKustomizeFacts(file, root);
      assert.deepEqual([facts.images, facts.renames], [['sidecar'], [{ name: 'web', newName: 'registry.example/web' }]]);
    });

    it('near miss: a kustomization that pins only lists no renames', async () => {
      write('base/kustomization.yaml', 'resources: [deploy.yaml]\nimages:\n  - {name: web, newName: registry.example/web, newTag: v1}\n');
      write('base/deploy.yaml', deployment('web:latest'));
      const facts = await fileKustomizeFacts(path.join(root, 'base/deploy.yaml'), root);
      assert.deepEqual([facts.images, facts.renames], [['web'], undefined]);
    });
  });
});
