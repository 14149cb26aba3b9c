import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

// MLK404 remembers what a resource name's text says across documents; what the cluster advertises must still be asked each time.
describe('MLK404 asks each document\'s cluster about a name it has seen before', () => {
  const pod = (resource: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: registry.example/t:1\n      resources: {limits: {${resource}: 1}}\n`;
  const withCluster = (names: string[]) => {
    const config = emptyConfig();
    return { config: { ...config, cluster: { ...config.cluster, acceleratorResources: names } } };
  };
  const mlk404 = (resource: string, options = {}) => lintManifest(pod(resource), options).findings.filter((f) => f.ruleId === 'MLK404').map((f) => f.message);

  it('reports a renamed GPU, then not where the cluster lists it, then again where it does not', () => {
    assert.equal(mlk404('nvidia.com/a40').length, 1);
    assert.deepEqual(mlk404('nvidia.com/a40', withCluster(['nvidia.com/a40'])), []);
    assert.match(mlk404('nvidia.com/a40')[0] ?? '', /a GPU renamed by its product/);
  });

  it('reports a look-alike name unless the cluster lists it, in either order', () => {
    assert.deepEqual(mlk404('example.com/gpu-x', withCluster(['example.com/gpu-x'])), []);
    assert.match(mlk404('example.com/gpu-x')[0] ?? '', /which no device plugin advertises/);
    assert.deepEqual(mlk404('example.com/gpu-x', withCluster(['example.com/gpu-x'])), []);
  });

  it('never reports resource names that do not look like accelerators, nor GPU-sharing slices', () => {
    for (const name of ['cpu', 'memory', 'nvidia.com/hostdev', 'nvidia.com/gpumem', 'volcano.sh/vgpu-memory']) {
      assert.deepEqual(mlk404(name), [], name);
    }
  });
});
