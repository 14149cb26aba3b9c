import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileKustomizeFacts, kustomizeLayout, soleNamespace } from '../../../../src/infra/lint/kustomize-layout';

describe('kustomizeLayout: namespaces through overlays and bases', () => {
  let dir: string;
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  const at = (rel: string) => path.join(dir, rel);
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-kustomize-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a base shared by two overlays is in both namespaces; an overlay\'s own files in its one', async () => {
    write('base/kustomization.yaml', 'resources: [deploy.yaml]\n');
    write('overlays/prod/kustomization.yaml', 'namespace: prod\nresources: [../../base, hpa.yaml]\n');
    write('overlays/dev/kustomization.yaml', 'namespace: dev\nresources:\n  - ../../base\n');
    const layout = await kustomizeLayout([at('base'), at('overlays/prod'), at('overlays/dev')]);
    assert.deepEqual([...(layout.namespaces.get(at('base/deploy.yaml')) ?? [])].sort(), ['dev', 'prod']);
    assert.deepEqual(layout.namespaces.get(at('overlays/prod/hpa.yaml')), ['prod']);
    assert.equal(soleNamespace(layout.namespaces.get(at('base/deploy.yaml'))), undefined, 'no one namespace for the per-file rules');
    assert.equal(soleNamespace(layout.namespaces.get(at('overlays/prod/hpa.yaml'))), 'prod');
  });

  it('the outermost namespace wins; a base\'s own applies where no overlay above sets one', async () => {
    write('base/kustomization.yaml', 'namespace: ml\nresources: [deploy.yaml]\n');
    write('mid/kustomization.yaml', 'resources: [../base]\n');
    write('top/kustomization.yaml', 'namespace: team-a\nresources: [../mid]\n');
    write('plain/kustomization.yaml', 'resources: [../base]\n');
    const layout = await kustomizeLayout([at('top'), at('plain')]);
    assert.deepEqual([...(layout.namespaces.get(at('base/deploy.yaml')) ?? [])].sort(), ['ml', 'team-a']);
  });

  it('a build without any namespace keeps the objects\' own (undefined) beside the overlays\'', async () => {
    write('base/kustomization.yaml', 'resources: [deploy.yaml]\n');
    write('plain/kustomization.yaml', 'resources: [../base]\n');
    write('prod/kustomization.yaml', 'namespace: prod\nresources: [../base]\n');
    const layout = await kustomizeLayout([at('plain'), at('prod')]);
    assert.deepEqual(layout.namespaces.get(at('base/deploy.yaml')), [undefined, 'prod']);
  });

  it('a base seen alone (no overlay in reach) keeps its own namespace; folders that build on each other in a cycle end', async () => {
    write('base/kustomization.yaml', 'namespace: ml\nresources: [deploy.yaml]\n');
    assert.deepEqual((await kustomizeLayout([at('base')])).namespaces.get(at('base/deploy.yaml')), ['ml']);
    write('a/kustomization.yaml', 'namespace: a\nresources: [../b, x.yaml]\n');
    write('b/kustomization.yaml', 'resources: [../a, y.yaml]\n');
    write('c/kustomization.yaml', 'namespace: c\nresources: [../a]\n');
    const layout = await kustomizeLayout([at('c')]);
    assert.deepEqual(layout.namespaces.get(at('a/x.yaml')), ['c']);
    assert.deepEqual(layout.namespaces.get(at('b/y.yaml')), ['c']);
  });

  it('marks the files whose builds write labels into selectors, and the image names their images: entries pin', async () => {
    write('config/manager/kustomization.yaml', 'resources: [manager.yaml]\nimages:\n  - {name: controller, newName: registry.example/kueue, newTag: v0.9.1}\n  - {name: sidecar, newTag: latest}\n');
    write('config/default/kustomization.yaml', 'labels:\n  - pairs: {control-plane: controller-manager}\n    includeSelectors: true\nresources: [../manager, ../rbac]\n');
    write('config/rbac/kustomization.yaml', 'resources: [role.yaml]\n');
    write('other/kustomization.yaml', 'labels:\n  - pairs: {app: x}\n    includeTemplates: true\nresources: [svc.yaml]\n');
    const layout = await kustomizeLayout([at('config/default'), at('other')]);
    assert.deepEqual([...layout.selectorsAdded].sort(), [at('config/manager/manager.yaml'), at('config/rbac/role.yaml')]);
    assert.deepEqual([...(layout.retaggedImages.get(at('config/manager/manager.yaml')) ?? [])], ['controller'], 'a newTag of latest pins nothing');
    assert.equal(layout.retaggedImages.get(at('config/rbac/role.yaml')), undefined);
  });

  it('one open file (the editor): overlays beside its folders count, as config/default beside config/manager', async () => {
    write('config/manager/manager.yaml', 'kind: Deployment\n');
    write('config/manager/kustomization.yaml', 'resources: [manager.yaml]\n');
    write('config/default/kustomization.yaml', 'labels:\n  - pairs: {control-plane: controller-manager}\n    includeSelectors: true\nimages:\n  - {name: controller, newTag: v1}\nresources: [../manager]\npatches:\n  - path: ../manager/patch.yaml\n');
    assert.deepEqual(await fileKustomizeFacts(at('config/manager/manager.yaml')), { patch: false, selectors: true, images: ['controller'] });
    assert.deepEqual(await fileKustomizeFacts(at('config/manager/patch.yaml')), { patch: true, selectors: false, images: [] });
    assert.deepEqual(await fileKustomizeFacts(at('elsewhere/x.yaml')), { patch: false, selectors: false, images: [] });
  });

  it('patch files are those of the kustomizations asked about', async () => {
    write('overlay/kustomization.yaml', 'resources: [../base]\npatches:\n  - path: patch.yaml\n');
    write('base/kustomization.yaml', 'resources: [deploy.yaml]\npatchesStrategicMerge: [base-patch.yaml]\n');
    const layout = await kustomizeLayout([at('overlay')]);
    assert.deepEqual([...layout.patches], [at('overlay/patch.yaml')]);
  });
});
