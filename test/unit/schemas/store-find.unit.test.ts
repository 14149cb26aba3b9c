import * as assert from 'node:assert/strict';
import { SchemaStore } from '../../../src/core/schemas/store';

const kind = (apiVersion: string, name: string, ref: string) => ({ apiVersion, kind: name, namespaced: true, ref });

describe('SchemaStore.find', () => {
  it('finds the first entry with the apiVersion and kind, per Kubernetes minor, the CRDs after the built-in kinds', () => {
    const store = new SchemaStore({
      kubernetes: [
        { id: '1.33', version: 'v1.33.0', from: 'api-server', kinds: [kind('v1', 'Pod', 'pod-133'), kind('apps/v1', 'Deployment', 'deploy-133')] },
        { id: '1.34', version: 'v1.34.0', from: 'api-server', kinds: [kind('v1', 'Pod', 'pod-134'), kind('v1', 'Pod', 'pod-134-again')] },
      ],
      crds: [{ id: 'kueue', version: 'v0.9', kinds: [kind('v1', 'Pod', 'pod-crd'), kind('kueue.x-k8s.io/v1beta1', 'LocalQueue', 'queue')] }],
      definitions: {},
    });
    assert.equal(store.find('1.34', 'v1', 'Pod')?.ref, 'pod-134');
    assert.equal(store.find('1.33', 'v1', 'Pod')?.ref, 'pod-133');
    assert.equal(store.find('1.33', 'apps/v1', 'Deployment')?.ref, 'deploy-133');
    assert.equal(store.find('1.34', 'apps/v1', 'Deployment'), undefined);
    assert.equal(store.find('1.34', 'kueue.x-k8s.io/v1beta1', 'LocalQueue')?.origin, 'Kueue v0.9');
    assert.equal(store.find('1.34', 'v1', 'Deployment'), undefined);
    // An unknown minor falls back to the default one.
    assert.equal(store.find('9.99', 'v1', 'Pod')?.ref, 'pod-134');
  });
});
