import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { isPatchFileName } from '../../../../src/core/lint/kubernetes/patch-file-name';
import { fixtureSchemas } from './support';

// Cut from NVIDIA/dcgm-exporter deployment/examples/gpu-tainted-nodes-patch.yaml: a DaemonSet patch that adds a toleration.
const tolerationPatch = [
  'apiVersion: apps/v1',
  'kind: DaemonSet',
  'metadata:',
  '  name: dcgm-exporter',
  'spec:',
  '  template:',
  '    spec:',
  '      tolerations:',
  '        - key: nvidia.com/gpu',
  '          operator: Exists',
  '          effect: NoSchedule',
  '',
].join('\n');

describe('files named as patches', () => {
  it('are told by name: -patch, patch-, .patch. and patches/ folders, not words that merely contain "patch", nor folders named for a patch (a project folder holds whole objects)', () => {
    for (const p of ['gpu-tainted-nodes-patch.yaml', 'patch-resources.yaml', 'overlays/prod/patches/deployment.yaml', 'deploy.patch.yaml', 'patch.yml', 'Patches/gpu.yaml']) {
      assert.equal(isPatchFileName(p), true, p);
    }
    for (const p of [undefined, 'dispatcher.yaml', 'hotpatch.yaml', 'patching/deploy.yaml', 'deployment.yaml', 'security-patch/deployment.yaml', 'gpu-patch-demo/base/deployment.yaml', 'zz-patch-a/base/deployment.yaml', 'C:\\work\\patch-notes\\deployment.yaml']) {
      assert.equal(isPatchFileName(p), false, String(p));
    }
  });

  it('are linted as patches: fields they leave out (selector, containers) are not reported, a type error still is', () => {
    const asPatch = lintManifest(tolerationPatch, { path: 'deployment/examples/gpu-tainted-nodes-patch.yaml', schemas: fixtureSchemas() });
    assert.deepEqual(asPatch.findings.map((f) => f.ruleId), []);
    const asManifest = lintManifest(tolerationPatch, { path: 'deployment/examples/gpu-tainted-nodes.yaml', schemas: fixtureSchemas() });
    assert.ok(asManifest.findings.some((f) => f.ruleId === 'MLK002' && f.message.includes('selector')), JSON.stringify(asManifest.findings.map((f) => f.message)));
    const wrongType = lintManifest(tolerationPatch.replace('operator: Exists', 'operator: [Exists]'), { path: 'gpu-tainted-nodes-patch.yaml', schemas: fixtureSchemas() });
    assert.deepEqual(wrongType.findings.map((f) => f.ruleId), ['MLK002']);
  });
});
