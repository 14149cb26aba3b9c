import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { documentObject } from '../../../../src/core/lint/kubernetes/document-object';
import { acceleratorLimit } from '../../../../src/core/lint/kubernetes/gpu';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { defaultClusterProfile } from '../../../../src/core/lint/kubernetes/settings';
import { parseYaml } from '../../../../src/core/lint/yaml/parse';

const template = (name: string, requests: string, extra = '') => `apiVersion: resource.k8s.io/v1\nkind: ResourceClaimTemplate\nmetadata:\n  name: ${name}\n${extra}spec:\n  spec:\n    devices:\n      requests:\n${requests}`;
const pod = (claims: string, resourceClaims: string, namespace?: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n${namespace !== undefined ? `  namespace: ${namespace}\n` : ''}spec:\n  containers:\n    - name: c\n      image: registry.example/c:1\n      resources:\n        claims:\n${claims}  resourceClaims:\n${resourceClaims}`;

/** The GPUs the pod's container gets, as every GPU rule reads it. */
function gpusOf(text: string): number {
  const file = parseYaml(text);
  const document = file.documents.find((d) => /kind: Pod/.test(file.text.slice(d.offsets[0], d.offsets[1])));
  const obj = document ? documentObject(file, document) : undefined;
  const container = obj?.podSpecs[0]?.containers[0];
  assert.ok(obj && container, 'a pod with a container');
  return acceleratorLimit(obj.view, container, defaultClusterProfile());
}

describe('GPUs claimed through Dynamic Resource Allocation (same file)', () => {
  const byTemplate = '    - name: gpu\n      resourceClaimTemplateName: gpus\n';

  it('reads v1 (exactly, count), v1beta1 (fields on the request) and firstAvailable (its first choice); allocationMode All is at least one', () => {
    assert.equal(gpusOf(`${template('gpus', '        - name: g\n          exactly:\n            deviceClassName: gpu.nvidia.com\n            count: 2\n')}---\n${pod('          - name: gpu\n', byTemplate)}`), 2);
    assert.equal(gpusOf(`${template('gpus', '        - name: g\n          deviceClassName: gpu.nvidia.com\n          count: 4\n').replace('resource.k8s.io/v1', 'resource.k8s.io/v1beta1')}---\n${pod('          - name: gpu\n', byTemplate)}`), 4);
    assert.equal(gpusOf(`${template('gpus', '        - name: g\n          firstAvailable:\n            - name: big\n              deviceClassName: mig.nvidia.com\n            - name: small\n              deviceClassName: cpu.example.com\n')}---\n${pod('          - name: gpu\n', byTemplate)}`), 1);
    assert.equal(gpusOf(`${template('gpus', '        - name: g\n          exactly:\n            deviceClassName: gpu.nvidia.com\n            allocationMode: All\n')}---\n${pod('          - name: gpu\n', byTemplate)}`), 1);
  });

  it('a container that names one request of the claim gets that request\'s GPUs, not the NIC beside them', () => {
    const requests = '        - name: g\n          exactly:\n            deviceClassName: gpu.nvidia.com\n            count: 2\n        - name: nic\n          exactly:\n            deviceClassName: rdma.mellanox.com\n';
    assert.equal(gpusOf(`${template('gpus', requests)}---\n${pod('          - name: gpu\n            request: g\n', byTemplate)}`), 2);
    assert.equal(gpusOf(`${template('gpus', requests)}---\n${pod('          - name: gpu\n            request: nic\n', byTemplate)}`), 0);
  });

  it('finds a template among the items of a v1 List (kubectl get -o yaml)', () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n${template('gpus', '        - name: g\n          exactly:\n            deviceClassName: gpu.nvidia.com\n            count: 2\n').replace(/^(?=.)/gm, '    ').replace(/^ {4}apiVersion/, '  - apiVersion')}`;
    assert.equal(gpusOf(`${list}---\n${pod('          - name: gpu\n', byTemplate)}`), 2);
  });

  it('follows resourceClaimName to a ResourceClaim', () => {
    const claim = 'apiVersion: resource.k8s.io/v1\nkind: ResourceClaim\nmetadata:\n  name: shared\nspec:\n  devices:\n    requests:\n      - name: g\n        exactly:\n          deviceClassName: gpu.nvidia.com\n';
    assert.equal(gpusOf(`${claim}---\n${pod('          - name: gpu\n', '    - name: gpu\n      resourceClaimName: shared\n')}`), 1);
  });

  it('no GPU for another device class, a template in another namespace, or a claim the container does not name', () => {
    const gpu = '        - name: g\n          exactly:\n            deviceClassName: gpu.nvidia.com\n';
    assert.equal(gpusOf(`${template('gpus', '        - name: n\n          exactly:\n            deviceClassName: rdma.mellanox.com\n')}---\n${pod('          - name: gpu\n', byTemplate)}`), 0);
    assert.equal(gpusOf(`${template('gpus', gpu, '  namespace: team-a\n')}---\n${pod('          - name: gpu\n', byTemplate, 'team-b')}`), 0);
    assert.equal(gpusOf(`${template('gpus', gpu, '  namespace: team-a\n')}---\n${pod('          - name: gpu\n', byTemplate, 'team-a')}`), 1);
    assert.equal(gpusOf(`${template('gpus', gpu)}---\n${pod('          - name: gpu\n', byTemplate, 'team-a')}`), 1, 'a template without a namespace (a kustomization sets it)');
    assert.equal(gpusOf(`${template('gpus', gpu)}---\n${pod('          - name: other\n', byTemplate)}`), 0);
  });

  it('a privileged container with a claimed GPU is told its claim already gives it the GPU', () => {
    const text = `${template('gpus', '        - name: g\n          exactly:\n            deviceClassName: gpu.nvidia.com\n')}---\n${pod('          - name: gpu\n', byTemplate).replace('      resources:', '      securityContext: {privileged: true}\n      resources:')}`;
    const found = lintManifest(text, { config: emptyConfig() }).findings.filter((f) => f.ruleId === 'MLK418');
    assert.equal(found.length, 1);
    assert.match(found[0]?.message ?? '', /drop privileged: its resource claim already gives it its GPUs/);
  });

  it('a pod whose GPUs all come from claims is left to the claim by MLK421; one with an nvidia.com/gpu limit as well is not', () => {
    const config = emptyConfig();
    config.cluster = { ...config.cluster, gpuRuntimeClass: 'nvidia' };
    config.rules.MLK421 = { severity: 'on' };
    const claimed = `${template('gpus', '        - name: g\n          exactly:\n            deviceClassName: gpu.nvidia.com\n')}---\n${pod('          - name: gpu\n', byTemplate)}`;
    const mlk421 = (text: string) => lintManifest(text, { config }).findings.filter((f) => f.ruleId === 'MLK421').length;
    assert.equal(mlk421(claimed), 0);
    assert.equal(mlk421(claimed.replace('        claims:\n', '        limits: {nvidia.com/gpu: 1}\n        claims:\n')), 1);
  });
});
