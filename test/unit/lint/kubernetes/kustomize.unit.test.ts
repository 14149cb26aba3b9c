import * as assert from 'node:assert/strict';
import { kustomizePatchPaths, kustomizeResources } from '../../../../src/core/lint/kubernetes/kustomize';

describe('kustomization patch files', () => {
  it('names patchesStrategicMerge paths and patches[].path, not inline or JSON 6902 patches', () => {
    const text = [
      'resources: [../base]',
      'patchesStrategicMerge:',
      '  - deployment-patch.yaml',
      '  - |-',
      '    apiVersion: v1',
      '    kind: ConfigMap',
      'patches:',
      '  - path: patches/gpu.yaml',
      '    target: {kind: Deployment}',
      '  - patch: |-',
      '      - op: add',
      'patchesJson6902:',
      '  - path: ops.yaml',
      '    target: {kind: Service, name: x, version: v1}',
    ].join('\n');
    assert.deepEqual(kustomizePatchPaths(text), ['deployment-patch.yaml', 'patches/gpu.yaml']);
  });

  it('names none for invalid YAML, a scalar, or an alias bomb', () => {
    assert.deepEqual(kustomizePatchPaths('patches: [\n'), []);
    assert.deepEqual(kustomizePatchPaths('just text'), []);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]', 'patches: [{path: x.yaml}]'].join('\n');
    assert.deepEqual(kustomizePatchPaths(bomb), []);
  });
});

describe('kustomization namespace and resources', () => {
  it('gives the namespace, the resource files and the folders it builds on (resources, bases, components); not remote ones', () => {
    assert.deepEqual(kustomizeResources('namespace: kubeflow\nresources:\n  - deploy.yaml\n  - ../base\n  - https://example.com/x.yaml\n  - github.com/org/repo//deploy?ref=v1\n  - svc.yml\nbases: [../legacy]\ncomponents: [../gpu]\n'), {
      namespace: 'kubeflow',
      files: ['deploy.yaml', 'svc.yml'],
      folders: ['../base', '../legacy', '../gpu'],
    });
    assert.deepEqual(kustomizeResources('resources: [a.yaml]\n'), { files: ['a.yaml'], folders: [] });
    assert.equal(kustomizeResources('namespace: [\n'), undefined);
    assert.equal(kustomizeResources('- a\n'), undefined);
  });
});
