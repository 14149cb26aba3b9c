import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { kustomizeLayout, soleNamespace } from '../../../../src/infra/lint/kustomize-layout';

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

  it('patch files are those of the kustomizations asked about', async () => {
    write('overlay/kustomization.yaml', 'resources: [../base]\npatches:\n  - path: patch.yaml\n');
    write('base/kustomization.yaml', 'resources: [deploy.yaml]\npatchesStrategicMerge: [base-patch.yaml]\n');
    const layout = await kustomizeLayout([at('overlay')]);
    assert.deepEqual([...layout.patches], [at('overlay/patch.yaml')]);
  });
});
