import * as assert from 'node:assert/strict';
import { planCoexistence } from '../../../src/core/schemas/coexistence';
import { completeAt } from '../../../src/core/schemas/complete';
import { hoverAt } from '../../../src/core/schemas/hover';
import { documentSymbols } from '../../../src/core/schemas/symbols';
import { bundledStore } from '../../fixtures/schemas/instances';
import { fixture, offsetOf, pos } from './support';

const store = bundledStore();

function complete(text: string, offset: number, fileName = 'm.yaml') {
  const r = completeAt(text, offset, fileName, store, '1.34');
  return r && { range: `${pos(text, r.start)}-${pos(text, r.end)}`, labels: r.items.map((i) => i.label), items: r.items };
}

describe('completion', () => {
  const text = fixture('multi-doc.yaml').replace('        - image:', '        - image: x\n          imagePullPolicy: \n          res\n        - image:');

  it('enum values of the field after its colon', () => {
    const r = complete(text, offsetOf(text, 'imagePullPolicy: ', 17));
    assert.deepEqual([r?.range, r?.labels], ['24:28-24:28', ['Always', 'IfNotPresent', 'Never']]);
  });

  it('keys at depth (a container in a Deployment in the 2nd document), replacing the typed prefix, with snippets for required children', () => {
    const r = complete(text, offsetOf(text, '          res', 13));
    assert.equal(r?.range, '25:11-25:14');
    assert.ok(r?.labels.includes('resources') && r.labels.includes('readinessProbe'));
    assert.ok(!r?.labels.includes('image'), 'keys already present are not offered');
    assert.equal(r?.items.find((i) => i.label === 'env')?.insertText, 'env:\n  - name: $1');
    assert.equal(r?.items.find((i) => i.label === 'imagePullPolicy'), undefined);
    assert.equal(r?.items.find((i) => i.label === 'stdin')?.insertText, 'stdin: ${1|true,false|}');
  });

  it('required keys first, with the required children of an object', () => {
    const t = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  \n';
    const r = complete(t, offsetOf(t, 'spec:\n  ', 8));
    const sorted = [...(r?.items ?? [])].sort((a, b) => a.sortText.localeCompare(b.sortText));
    assert.deepEqual(sorted.slice(0, 2).map((i) => [i.label, i.insertText]), [['selector', 'selector:\n  $1'], ['template', 'template:\n  $1']]);
    assert.equal(r?.items.find((i) => i.label === 'strategy')?.detail, 'DeploymentStrategy');
  });

  it('booleans', () => {
    const t = 'apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  hostNetwork: \n';
    assert.deepEqual(complete(t, offsetOf(t, 'hostNetwork: ', 13))?.labels, ['true', 'false']);
  });

  it('kinds that exist for the apiVersion, and apiVersions that serve the kind', () => {
    const k = 'apiVersion: ray.io/v1\nkind: Ray';
    assert.deepEqual(complete(k, k.length)?.labels, ['RayCluster', 'RayJob', 'RayService']);
    const a = 'kind: InferenceService\napiVersion: ';
    assert.deepEqual(complete(a, a.length)?.labels, ['serving.kserve.io/v1beta1']);
  });

  it('CRD keys (PyTorchJob spec)', () => {
    const t = fixture('pytorchjob.yaml').replace('spec:\n', 'spec:\n  \n');
    assert.ok(complete(t, offsetOf(t, 'spec:\n  ', 8))?.labels.includes('runPolicy'));
  });

  it('Compose service keys in a compose file', () => {
    const t = 'services:\n  web:\n    ima\n';
    const r = complete(t, offsetOf(t, 'ima', 3), 'compose.yaml');
    assert.ok(r?.labels.includes('image') && r.labels.includes('deploy'));
  });

  it('apiVersion and kind on an empty document', () => {
    assert.deepEqual(complete('', 0)?.labels, ['apiVersion', 'kind']);
  });
});

describe('hover', () => {
  it('description, type and schema version of a key', () => {
    const text = fixture('multi-doc.yaml');
    const h = hoverAt(text, offsetOf(text, 'restartPolicy', 3), 'm.yaml', store, '1.34');
    assert.equal(pos(text, h?.start ?? -1), '20:7');
    const lines = h?.markdown.split('\n') ?? [];
    assert.equal(lines[0], '**restartPolicy** `string`');
    assert.match(h?.markdown ?? '', /Restart policy for all containers within the pod/);
    assert.equal(lines.at(-1), '*Schema: Kubernetes 1.34 (v1.34.4, API server)*');
    assert.equal(hoverAt(text, offsetOf(text, 'restartPolicy', 3), 'm.yaml', store, '1.32')?.markdown.split('\n').at(-1), '*Schema: Kubernetes 1.32 (v1.32.13, k8s.io/kubernetes)*');
  });

  it('on a value and in flow style; a CRD field names its operator version', () => {
    const flow = fixture('flow.yaml');
    assert.equal(hoverAt(flow, offsetOf(flow, 'ClusterIp', 2), 'm.yaml', store, '1.34')?.markdown.split('\n')[0], '**type** `string`');
    const p = fixture('pytorchjob.yaml');
    const h = hoverAt(p, offsetOf(p, 'pytorchReplicaSpecs', 3), 'm.yaml', store, '1.34');
    assert.equal(h?.markdown.split('\n').at(-1), '*Schema: Kubeflow Training Operator v1.8.1*');
  });
});

describe('outline', () => {
  it('one symbol per document, named by kind and metadata.name, with the fields below', () => {
    const symbols = documentSymbols(fixture('multi-doc.yaml'));
    assert.deepEqual(symbols.map((s) => [s.name, s.detail, s.children.map((c) => c.name)]), [
      ['ConfigMap settings', 'v1', ['apiVersion', 'kind', 'metadata', 'data']],
      ['Deployment trainer', 'apps/v1', ['apiVersion', 'kind', 'metadata', 'spec']],
      ['Deployment legacy', 'extensions/v1beta1', ['apiVersion', 'kind', 'metadata']],
    ]);
  });
});

describe('coexistence with Red Hat YAML', () => {
  const base = { redHatActive: true, redHatSchemas: undefined, redHatSchemaStore: undefined, dockerDxInstalled: false };
  it('alone: ours for everything', () => {
    assert.deepEqual(planCoexistence({ ...base, redHatActive: false }), { kubernetes: 'ours', compose: 'ours' });
  });
  it('Red Hat with its SchemaStore: Compose is theirs, Kubernetes stays ours without a hint', () => {
    assert.deepEqual(planCoexistence(base), { kubernetes: 'ours', compose: 'theirs' });
    assert.equal(planCoexistence({ ...base, redHatSchemaStore: false }).compose, 'ours');
    assert.equal(planCoexistence({ ...base, dockerDxInstalled: true }).compose, 'ours');
  });
  it('Red Hat mapping "kubernetes" in yaml.schemas: a hint naming the one setting', () => {
    assert.match(planCoexistence({ ...base, redHatSchemas: { kubernetes: '*.yaml' } }).hint ?? '', /"kubernetes" entry in the yaml.schemas setting/);
  });
});
