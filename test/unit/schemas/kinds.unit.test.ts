// Every bundled kind (each Kubernetes minor, each CRD, Compose): a generated valid instance validates
// clean, and mutations fail at the right path.
import * as assert from 'node:assert/strict';
import { parseDocument, stringify } from 'yaml';
import { validateText } from '../../../src/core/schemas/validate';
import { bundledStore, instanceOf } from '../../fixtures/schemas/instances';
import { offsetOf } from './support';

const store = bundledStore();
const crdOrigins = /^(Kubeflow|KServe|KubeRay|Kueue|Volcano|LeaderWorkerSet|JobSet) /;

describe('every bundled kind', () => {
  it('bundles the three minors, the ML operators\' kinds and Compose', () => {
    assert.deepEqual(store.versions, ['1.34', '1.33', '1.32']);
    const crds = store.kinds('1.34').filter((k) => crdOrigins.test(k.origin)).map((k) => k.kind);
    for (const kind of ['PyTorchJob', 'TFJob', 'MPIJob', 'TrainJob', 'TrainingRuntime', 'ClusterTrainingRuntime', 'InferenceService', 'ServingRuntime',
      'ClusterServingRuntime', 'RayCluster', 'RayJob', 'RayService', 'LocalQueue', 'ClusterQueue', 'ResourceFlavor', 'Workload', 'Job', 'LeaderWorkerSet', 'JobSet']) {
      assert.ok(crds.includes(kind), kind);
    }
    assert.ok(store.compose?.properties?.services);
  });

  for (const version of store.versions) {
    const kinds = store.kinds(version).filter((k) => version === '1.34' || !crdOrigins.test(k.origin));
    describe(`Kubernetes ${version}${version === '1.34' ? ' and the CRDs' : ''}`, () => {
      for (const entry of kinds) {
        it(`${entry.apiVersion} ${entry.kind}`, () => {
          const object = instanceOf(entry, store);
          const valid = stringify(object);
          assert.deepEqual(validateText(valid, 'm.yaml', store, version), [], valid);

          const unknown = parseDocument(valid);
          unknown.setIn(['metadata', 'lables'], { a: 'b' });
          const unknownText = unknown.toString();
          const [u] = validateText(unknownText, 'm.yaml', store, version);
          assert.equal(u?.code, 'unknown-field');
          assert.equal(u?.path, 'metadata.lables');
          assert.equal(u?.start, offsetOf(unknownText, 'lables:'));
          assert.match(u?.message ?? '', /Did you mean "labels"\?/);

          const wrongType = parseDocument(valid);
          wrongType.setIn(['metadata', 'name'], [1]);
          const wrongText = wrongType.toString();
          const [w] = validateText(wrongText, 'm.yaml', store, version);
          assert.deepEqual([w?.code, w?.path, w?.start], ['type', 'metadata.name', wrongText.indexOf('name:', wrongText.search(/^metadata:/m))]);
        });
      }
    });
  }

  it('Compose: a GPU service validates clean; a wrong type fails at its path', () => {
    const valid = stringify({ services: { train: { image: 'trainer:1', deploy: { resources: { reservations: { devices: [{ driver: 'nvidia', count: 'all', capabilities: ['gpu'] }] } } } } } });
    assert.deepEqual(validateText(valid, 'compose.yaml', store, '1.34'), []);
    const bad = valid.replace('image: trainer:1', 'image: [trainer]');
    const [d] = validateText(bad, 'compose.yaml', store, '1.34');
    assert.deepEqual([d?.code, d?.path], ['type', 'services.train.image']);
  });
});
