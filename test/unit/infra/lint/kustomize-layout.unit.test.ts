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
    assert.deepEqual(await fileKustomizeFacts(at('config/manager/manager.yaml')), { patch: false, selectors: true, images: ['controller'], retags: [{ name: 'controller', newName: 'controller', tag: 'v1' }], buildsWith: [] });
    assert.deepEqual(await fileKustomizeFacts(at('config/manager/patch.yaml')), { patch: true, selectors: false, images: [], buildsWith: [] });
    assert.deepEqual(await fileKustomizeFacts(at('elsewhere/x.yaml')), { patch: false, selectors: false, images: [], buildsWith: [] });
  });

  it('one open file (the editor): the files its kustomizations apply with it, in other folders and through bases', async () => {
    write('k8s/deploy/deployment.yaml', 'kind: Deployment\n');
    write('k8s/claims/claims.yaml', 'kind: ResourceClaimTemplate\n');
    write('k8s/kustomization.yaml', 'resources: [deploy/deployment.yaml, claims/claims.yaml, ../base]\n');
    write('base/kustomization.yaml', 'resources: [config.yaml]\n');
    write('unrelated/kustomization.yaml', 'resources: [other.yaml]\n');
    assert.deepEqual((await fileKustomizeFacts(at('k8s/deploy/deployment.yaml'))).buildsWith, [at('base/config.yaml'), at('k8s/claims/claims.yaml')].sort());
  });

  it('layers of kustomizations that each build on both folders below: every file gets every pinned image, in linear work', async () => {
    // 2^22 ways down to the bottom: a walk keyed by the images seen on the way took seconds and gigabytes.
    const n = 22;
    for (let i = 1; i <= n; i++) {
      for (const v of ['A', 'B']) {
        const below = i < n ? `[../k${i + 1}A, ../k${i + 1}B]` : '[deploy.yaml]';
        write(`k${i}${v}/kustomization.yaml`, `resources: ${below}\n${v === 'A' ? `images: [{name: img${i}, newTag: v1}]\n` : ''}`);
      }
    }
    const layout = await kustomizeLayout([at('k1A'), at('k1B')]);
    assert.equal(layout.retaggedImages.get(at(`k${n}A/deploy.yaml`))?.size, n);
  });

  it('every folder asked about is read, however many there are; only bases found by following count against the cap', async () => {
    for (let i = 0; i < 1100; i++) {
      fs.mkdirSync(path.join(dir, `f${i}`));
    }
    write('zz/kustomization.yaml', 'resources: [deploy.yaml]\npatches:\n  - path: patch.yaml\n');
    const asked = [...Array.from({ length: 1100 }, (_, i) => at(`f${i}`)), at('zz')];
    assert.ok((await kustomizeLayout(asked)).patches.has(at('zz/patch.yaml')));
  });

  it('reads no kustomization outside `within`: resources: [../../outside] stops at the repository', async () => {
    write('repo/app/kustomization.yaml', 'resources: [deploy.yaml, ../../outside]\n');
    write('outside/kustomization.yaml', 'namespace: from-outside\nimages: [{name: nginx, newTag: "9"}]\nresources: [../repo/app/deploy.yaml]\n');
    const layout = await kustomizeLayout([at('repo/app')], { within: at('repo') });
    assert.equal(layout.namespaces.get(at('repo/app/deploy.yaml')), undefined);
    assert.equal(layout.retaggedImages.get(at('repo/app/deploy.yaml')), undefined);
    const open = await kustomizeLayout([at('repo/app')]);
    assert.ok(open.retaggedImages.get(at('repo/app/deploy.yaml'))?.has('nginx'), 'without a bound the outside kustomization is read');
  });

  it('the editor finds overlays two folders below the folders above a file (base/ beside overlays/prod/)', async () => {
    write('ov/base/kustomization.yaml', 'resources: [deploy.yaml]\n');
    write('ov/overlays/prod/kustomization.yaml', 'resources: [../../base]\ncommonLabels: {app: web}\nimages: [{name: nginx, newTag: "1.27"}]\n');
    assert.deepEqual(await fileKustomizeFacts(at('ov/base/deploy.yaml'), dir), { patch: false, selectors: true, images: ['nginx'], retags: [{ name: 'nginx', newName: 'nginx', tag: '1.27' }], buildsWith: [] });
  });

  it('patch files are those of the kustomizations asked about', async () => {
    write('overlay/kustomization.yaml', 'resources: [../base]\npatches:\n  - path: patch.yaml\n');
    write('base/kustomization.yaml', 'resources: [deploy.yaml]\npatchesStrategicMerge: [base-patch.yaml]\n');
    const layout = await kustomizeLayout([at('overlay')]);
    assert.deepEqual([...layout.patches], [at('overlay/patch.yaml')]);
  });
});
