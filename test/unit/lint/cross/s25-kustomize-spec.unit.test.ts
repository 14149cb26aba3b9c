import * as assert from 'node:assert/strict';
import { kustomizeBuildSpec, kustomizePatchPaths, patchFilePaths, renamedImages } from '../../../../src/core/lint/kubernetes/kustomize';

describe('kustomizeBuildSpec: one parse for the editor, the CLI layout and the cross-file pass', () => {
  it('selector labels: commonLabels and labels[] with includeSelectors, not those with includeTemplates only', () => {
    const spec = kustomizeBuildSpec(['commonLabels: {app: web}', 'labels:', '  - pairs: {tier: api}', '    includeSelectors: true', '  - pairs: {team: ml}', '    includeTemplates: true', ''].join('\n'));
    assert.deepEqual(spec?.selectorLabels, { app: 'web', tier: 'api' });
    assert.equal(spec?.addsSelectors, true);
    const templatesOnly = kustomizeBuildSpec('labels:\n  - pairs: {team: ml}\n    includeTemplates: true\n');
    assert.deepEqual(templatesOnly?.selectorLabels, {});
    assert.equal(templatesOnly?.addsSelectors, false);
  });

  it('helmCharts: the namespace and the names the rendered objects are made of', () => {
    const spec = kustomizeBuildSpec('helmCharts:\n  - {name: kuberay-operator, releaseName: ray, namespace: ray-system, valuesInline: {fullnameOverride: kuberay}}\n  - {name: dcgm-exporter}\n');
    assert.deepEqual(spec?.helmCharts, [{ namespace: 'ray-system', names: ['ray', 'kuberay-operator', 'kuberay'] }, { names: ['dcgm-exporter'] }]);
  });

  it('images: pins by name; renames that pin nothing, typed', () => {
    const spec = kustomizeBuildSpec(
      [
        'images:',
        '  - {name: controller, newName: registry.example/ctrl, newTag: v1.2.0}',
        '  - {name: web, newName: registry.example/web}',
        '  - {name: api, newName: registry.example/api, newTag: latest}',
        '  - {name: odd, newName: "registry.example/odd:v1"}',
        '  - {name: sidecar, newTag: latest}',
        '',
      ].join('\n'),
    );
    assert.deepEqual(spec?.retaggedImages, ['controller']);
    assert.deepEqual(
      spec?.imageRenames,
      [{ name: 'web', newName: 'registry.example/web' }, { name: 'api', newName: 'registry.example/api', tag: 'latest' }, { name: 'sidecar', newName: 'sidecar', tag: 'latest' }],
      'a newName with its own tag is not read; a newTag of latest alone keeps the name and floats the tag',
    );
  });

  it('replicas: entries write spec.replicas of the objects they name, as a replacement does (the count is not read)', () => {
    const spec = kustomizeBuildSpec('replicas:\n  - {name: embedder, count: 3}\n  - {count: 2}\n');
    assert.deepEqual(spec?.replacedFields, [{ name: 'embedder', fieldPaths: ['spec.replicas'] }]);
  });

  it('patchFilePaths: the patch files of the spec already read, as kustomizePatchPaths reads them from the text', () => {
    const text = ['patchesStrategicMerge: [smp.yaml]', 'patches:', '  - legacy.yaml', '  - {path: p.yaml, target: {kind: Deployment}}', '  - {patch: "{}"}', 'patchesJson6902:', '  - {path: ops.yaml, target: {kind: Deployment, name: x}}', ''].join('\n');
    assert.deepEqual(patchFilePaths(kustomizeBuildSpec(text) ?? { patches: [] }), ['smp.yaml', 'legacy.yaml', 'p.yaml']);
    assert.deepEqual(kustomizePatchPaths(text), ['smp.yaml', 'legacy.yaml', 'p.yaml']);
  });

  it('renamedImages: the new name keeps the image\'s tag unless the rename sets one; a registry port is not a tag', () => {
    const edits = [{ name: 'web', newName: 'registry.example:5000/web' }, { name: 'api', newName: 'registry.example/api', tag: 'latest' }];
    assert.deepEqual(renamedImages('web:latest', edits), ['registry.example:5000/web:latest']);
    assert.deepEqual(renamedImages('web', edits), ['registry.example:5000/web']);
    assert.deepEqual(renamedImages('api:dev', edits), ['registry.example/api:latest']);
    assert.deepEqual(renamedImages('webhook:latest', edits), []);
  });
});
