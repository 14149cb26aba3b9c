import * as assert from 'node:assert/strict';
import { clusterKinds, isServedCrd, trimCrd, type ServedCrd } from '../../../src/core/schemas/cluster-crds';
import { validateText } from '../../../src/core/schemas/validate';
import { bundledStore } from '../../fixtures/schemas/instances';

const schema = { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } }, status: { type: 'object', properties: { ok: { type: 'boolean' } } } } };
const crd = (group: string, kind: string, versions: ServedCrd['spec']['versions']): ServedCrd =>
  ({ metadata: { name: `${kind.toLowerCase()}s.${group}`, resourceVersion: '7' }, spec: { group, scope: 'Namespaced', names: { kind }, versions } });

describe('cluster CRD schemas', () => {
  it('takes every served version that has a schema; apiVersion, kind and metadata are always known fields', () => {
    const { kinds, definitions } = clusterKinds([crd('example.com', 'Widget', [
      { name: 'v1', served: true, schema: { openAPIV3Schema: schema } },
      { name: 'v1beta1', served: false, schema: { openAPIV3Schema: schema } },
      { name: 'v2', served: true },
    ])]);
    assert.deepEqual(kinds, [{ apiVersion: 'example.com/v1', kind: 'Widget', namespaced: true, ref: 'cluster/example.com/v1/Widget' }]);
    const def = definitions['cluster/example.com/v1/Widget'];
    assert.deepEqual(Object.keys(def?.properties ?? {}), ['apiVersion', 'kind', 'spec', 'status', 'metadata']);
    assert.deepEqual(def?.required, ['apiVersion', 'kind']);
    assert.equal(def?.properties?.status?.['x-kubernetes-preserve-unknown-fields'], true);
  });

  it('adds the cluster\'s kinds to the store, but a kind we bundle keeps its bundled schema', () => {
    const bundled = bundledStore();
    const store = bundled.withClusterCrds({ context: 'kind-a', crds: [
      crd('example.com', 'Widget', [{ name: 'v1', served: true, schema: { openAPIV3Schema: schema } }]),
      crd('kubeflow.org', 'PyTorchJob', [{ name: 'v1', served: true, schema: { openAPIV3Schema: { type: 'object' } } }]),
    ] });
    assert.equal(store.find('1.34', 'example.com/v1', 'Widget')?.origin, 'cluster kind-a');
    assert.equal(store.find('1.32', 'example.com/v1', 'Widget')?.ref, 'cluster/example.com/v1/Widget');
    assert.equal(store.find('1.34', 'kubeflow.org/v1', 'PyTorchJob')?.ref, bundled.find('1.34', 'kubeflow.org/v1', 'PyTorchJob')?.ref);
    assert.equal(bundled.find('1.34', 'example.com/v1', 'Widget'), undefined);
    const text = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, labelz: {}}\nspec: {size: "3"}\n';
    assert.deepEqual(validateText(text, 'w.yaml', store, '1.34').map((d) => d.path), ['metadata.labelz', 'spec.size']);
  });

  it('keeps only the fields schemas need, and recognises a CRD', () => {
    const full = { ...crd('example.com', 'Widget', [{ name: 'v1', served: true, schema: { openAPIV3Schema: schema } }]), status: { acceptedNames: {} } };
    (full.metadata as Record<string, unknown>).managedFields = [{ manager: 'kubectl' }];
    assert.deepEqual(Object.keys(trimCrd(full)), ['metadata', 'spec']);
    assert.deepEqual(Object.keys(trimCrd(full).metadata), ['name', 'resourceVersion']);
    assert.ok(isServedCrd(full));
    assert.ok(!isServedCrd({ metadata: { name: 'x' } }));
    assert.ok(!isServedCrd(null));
  });
});
