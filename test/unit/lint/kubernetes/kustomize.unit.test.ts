import * as assert from 'node:assert/strict';
import { kustomizeBuildSpec, kustomizePatchPaths, kustomizeResources } from '../../../../src/core/lint/kubernetes/kustomize';

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

  it('reads kustomize v1\'s `patches:` list of file names as strategic-merge patch files (google/cadvisor overlays)', () => {
    const text = 'bases:\n  - ../../base\npatches:\n  - stackdriver-sidecar.yaml\n  - critical-priority.yaml\n';
    assert.deepEqual(kustomizePatchPaths(text), ['stackdriver-sidecar.yaml', 'critical-priority.yaml']);
    assert.deepEqual(kustomizeBuildSpec(text)?.patches, [{ path: 'stackdriver-sidecar.yaml' }, { path: 'critical-priority.yaml' }]);
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

describe('kustomization generators, labels and patches', () => {
  it('names generated ConfigMaps and Secrets, the labels it adds to objects and to pod templates, and its patches', () => {
    const text = [
      'namespace: kueue-system',
      'resources: [../components/manager]',
      'commonLabels: {app: kueue}',
      'labels:',
      '  - pairs: {app.kubernetes.io/name: kueue}',
      '  - pairs: {control-plane: controller-manager}',
      '    includeSelectors: true',
      '  - pairs: {tier: backend}',
      '    includeTemplates: true',
      'configMapGenerator:',
      '  - name: manager-config',
      '    files: [controller_manager_config.yaml]',
      '  - files: [unnamed.yaml]',
      'secretGenerator:',
      '  - name: webhook-cert',
      '    namespace: certs',
      'patchesStrategicMerge: [auth_proxy_patch.yaml]',
      'patches:',
      '  - path: p.yaml',
      '    target: {kind: Deployment, name: "manager-.*"}',
      '  - patch: "kind: Service"',
      'patchesJson6902:',
      '  - path: ops.yaml',
      '    target: {kind: Service, name: svc}',
    ].join('\n');
    const spec = kustomizeBuildSpec(text);
    assert.deepEqual(spec?.generated, [
      { kind: 'ConfigMap', name: 'manager-config' },
      { kind: 'Secret', name: 'webhook-cert', namespace: 'certs' },
    ]);
    assert.deepEqual(spec?.labels, { app: 'kueue', 'app.kubernetes.io/name': 'kueue', 'control-plane': 'controller-manager', tier: 'backend' });
    assert.deepEqual(spec?.podLabels, { app: 'kueue', 'control-plane': 'controller-manager', tier: 'backend' });
    assert.deepEqual(spec?.patches, [{ path: 'auth_proxy_patch.yaml' }, { path: 'p.yaml', kind: 'Deployment' }, { inline: 'kind: Service' }, { path: 'ops.yaml', kind: 'Service', name: 'svc', json6902: true }]);
    assert.equal(kustomizeBuildSpec('[1, 2]'), undefined);
  });
});
