import * as assert from 'node:assert/strict';
import { kustomizeNamespace, kustomizePatchPaths } from '../../../../src/core/lint/kubernetes/kustomize';

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

describe('kustomization namespace', () => {
  it('gives the namespace and the resource files (not folders or remote bases)', () => {
    assert.deepEqual(kustomizeNamespace('namespace: kubeflow\nresources:\n  - deploy.yaml\n  - ../base\n  - https://example.com/x.yaml\n  - svc.yml\n'), { namespace: 'kubeflow', resources: ['deploy.yaml', 'svc.yml'] });
    assert.equal(kustomizeNamespace('resources: [a.yaml]\n'), undefined);
    assert.equal(kustomizeNamespace('namespace: [\n'), undefined);
  });
});
