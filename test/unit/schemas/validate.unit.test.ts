import * as assert from 'node:assert/strict';
import { bundledStore } from '../../fixtures/schemas/instances';
import { validateText } from '../../../src/core/schemas/validate';
import { withoutDefaultedRequired } from '../../../scripts/schemas/crds.mjs';
import { fixture, pos } from './support';

const store = bundledStore();

/** [code, path, "line:col-line:col", message] for every finding. */
function findings(text: string, fileName = 'manifest.yaml', version = '1.34'): [string, string, string, string][] {
  return validateText(text, fileName, store, version).map((d) => [d.code, d.path, `${pos(text, d.start)}-${pos(text, d.end)}`, d.message]);
}

describe('schema validation at exact positions', () => {
  it('multi-document file: wrong type, invalid enum, unknown field with a suggestion, missing required field, wrong apiVersion', () => {
    assert.deepEqual(findings(fixture('multi-doc.yaml')), [
      ['type', 'spec.replicas', '13:13-13:16', 'Expected integer, got string.'],
      ['enum', 'spec.template.spec.restartPolicy', '20:22-20:28', 'Value "Alwayz" is not allowed; expected one of Always, Never, OnFailure. Did you mean "Always"?'],
      ['unknown-field', 'spec.template.spec.contaners', '21:7-21:16', 'Unknown field "contaners". Did you mean "containers"?'],
      ['required', 'spec.template.spec.containers[0].name', '23:11-23:16', 'Missing required field "name".'],
      ['api-version', 'apiVersion', '25:13-25:31', 'Deployment is not served as extensions/v1beta1 by default in Kubernetes 1.34; use apps/v1.'],
    ]);
  });

  it('flow style', () => {
    assert.deepEqual(findings(fixture('flow.yaml')), [
      ['type', 'spec.ports[0].port', '1:100-1:104', 'Expected integer, got string.'],
      ['unknown-field', 'spec.ports[0].protocl', '1:106-1:113', 'Unknown field "protocl". Did you mean "protocol"?'],
      ['enum', 'spec.type', '1:128-1:137', 'Value "ClusterIp" is not allowed; expected one of ClusterIP, ExternalName, LoadBalancer, NodePort. Did you mean "ClusterIP"?'],
    ]);
  });

  it('anchors, merge keys and aliases: merged keys count, a repeated alias is a duplicate list-map entry', () => {
    assert.deepEqual(findings(fixture('anchors.yaml')), [
      ['enum', 'spec.template.spec.containers[1].imagePullPolicy', '17:28-17:37', 'Value "Sometimes" is not allowed; expected one of Always, IfNotPresent, Never.'],
      ['duplicate', 'spec.template.spec.containers[2]', '18:11-18:16', 'Duplicate entry: another item has the same name, which the API server rejects; remove one of them or merge the two.'],
    ]);
  });

  it('items without the list-map key are no duplicates of each other: only the missing key is reported', () => {
    const text = ['apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  containers:', '    - image: x', '    - image: y', ''].join('\n');
    assert.deepEqual(findings(text).map((f) => [f[0], f[1]]), [
      ['required', 'spec.containers[0].name'],
      ['required', 'spec.containers[1].name'],
    ]);
  });

  it('reports a problem inside an aliased node at the alias too', () => {
    const text = [
      'apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  containers:',
      '    - name: a', '      image: x', '      ports: &p [{containerPort: "80"}]',
      '    - name: b', '      image: x', '      ports: *p', '',
    ].join('\n');
    assert.deepEqual(findings(text).map((f) => [f[1], f[2]]), [
      ['spec.containers[0].ports[0].containerPort', '8:34-8:38'],
      ['spec.containers[1].ports[0].containerPort', '11:14-11:16'],
    ]);
  });

  it('a CRD (Kubeflow PyTorchJob): type and unknown field inside the embedded pod template', () => {
    assert.deepEqual(findings(fixture('pytorchjob.yaml')), [
      ['type', 'spec.pytorchReplicaSpecs.Master.replicas', '8:17-8:20', 'Expected integer, got string.'],
      ['unknown-field', 'spec.pytorchReplicaSpecs.Master.template.spec.containers[0].gpus', '15:15-15:19', 'Unknown field "gpus".'],
    ]);
  });

  it('an operator\'s kind: a field newer than the bundled CRD passes outside pod specs; inside a pod spec it is an error', () => {
    const text = [
      'apiVersion: trainer.kubeflow.org/v1alpha1', 'kind: TrainingRuntime', 'metadata: {name: grpo}', 'spec:', '  template:', '    spec:',
      '      volumeClaimPolicies: [{templates: []}]',
      '      replicatedJobs:', '        - name: node', '          template:', '            spec:', '              template:', '                spec:',
      '                  shareProcessNamespce: true',
      '                  hostUsers: false',
      '                  containers: [{name: node, image: x}]', '',
    ].join('\n');
    assert.deepEqual(findings(text).map((f) => [f[0], f[1]]), [
      ['unknown-field', 'spec.template.spec.replicatedJobs[0].template.spec.template.spec.shareProcessNamespce'],
    ]);
    const unknownInPod = text.replace('hostUsers: false', 'podFlavour: large');
    assert.deepEqual(findings(unknownInPod).map((f) => f[1]).filter((p) => p.endsWith('podFlavour')), ['spec.template.spec.replicatedJobs[0].template.spec.template.spec.podFlavour']);
  });

  it('Compose files by name: unknown service key with a suggestion, x- extensions allowed', () => {
    assert.deepEqual(findings(fixture('compose.yaml'), 'compose.yaml'), [
      ['unknown-field', 'services.train.portz', '10:5-10:10', 'Unknown field "portz". Did you mean "ports"?'],
    ]);
    assert.deepEqual(findings(fixture('compose.yaml'), 'notes.yaml'), [], 'not a compose file name, no apiVersion/kind: nothing applies');
  });

  it('a misspelled kind gets a suggestion; an unknown CRD is left alone', () => {
    assert.deepEqual(findings('apiVersion: apps/v1\nkind: Deploymnet\n'), [['unknown-kind', 'kind', '2:7-2:17', 'Unknown kind "Deploymnet" for apps/v1. Did you mean "Deployment"?']]);
    assert.deepEqual(findings('apiVersion: example.com/v1\nkind: Gadget\nspec: {anything: 1}\n'), []);
  });

  it('operators\' groups: kinds and versions the bundle lacks are no error, a one-letter slip of a bundled kind is', () => {
    const crd = (apiVersion: string, kind: string) => findings(`apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: x}\nspec: {}\n`);
    assert.deepEqual(crd('kubeflow.org/v1alpha2', 'MPIJob'), [], 'the bundle has the training operator\'s v1 and mpi-operator\'s v2beta1, not mpi-operator v0.2\'s v1alpha2');
    assert.deepEqual(crd('kubeflow.org/v2beta1', 'MPIJob'), [['required', 'spec.mpiReplicaSpecs', '4:1-4:5', 'Missing required field "mpiReplicaSpecs".']]);
    assert.deepEqual(crd('kubeflow.org/v1', 'XGBoostJob'), []);
    assert.deepEqual(crd('kubeflow.org/v1', 'Notebook'), []);
    assert.deepEqual(crd('serving.kserve.io/v1alpha1', 'InferenceGraph'), []);
    assert.deepEqual(crd('serving.kserve.io/v1alpha2', 'LLMInferenceService'), []);
    assert.deepEqual(crd('serving.kubeflow.org/v1alpha2', 'KFService'), [], 'no core kind suggested for an operator\'s kind');
    assert.deepEqual(crd('serving.knative.dev/v1', 'Service'), [], 'Knative\'s Service is not the core Service');
    assert.deepEqual(crd('kubeflow.org/v1', 'PyTorchjob'), [['unknown-kind', 'kind', '2:7-2:17', 'Unknown kind "PyTorchjob" for kubeflow.org/v1. Did you mean "PyTorchJob"?']]);
    assert.deepEqual(crd('ray.io/v1', 'RayClusters').map((f) => f[3]), ['Unknown kind "RayClusters" for ray.io/v1. Did you mean "RayCluster"?']);
    assert.deepEqual(crd('apps/v1beta2', 'Deployment').map((f) => f[0]), ['api-version'], 'Kubernetes\' own groups keep both checks');
    assert.deepEqual(crd('networking.k8s.io/v1', 'Ingres').map((f) => f[3]), ['Unknown kind "Ingres" for networking.k8s.io/v1. Did you mean "Ingress"?']);
  });

  it('a bundled operator kind tolerates fields of newer operator versions, but not near misses or unknown fields in its pod templates', () => {
    const trainJob = (trainer: string) => `apiVersion: trainer.kubeflow.org/v1alpha1\nkind: TrainJob\nmetadata: {name: t}\nspec:\n  runtimeRef: {name: torch-distributed}\n  trainer:\n    ${trainer}\n`;
    assert.deepEqual(findings(trainJob('numNodes: 2')), []);
    assert.deepEqual(findings(`${trainJob('numNodes: 2')}  podTemplateOverrides: [{targetJobs: [{name: node}]}]\n`), [], 'added to TrainJob after the bundled v2.0.0');
    assert.deepEqual(findings(trainJob('numNodez: 2')).map((f) => f[3]), ['Unknown field "numNodez". Did you mean "numNodes"?']);
    assert.deepEqual(findings(fixture('pytorchjob.yaml')).filter((f) => f[0] === 'unknown-field').map((f) => f[1]), ['spec.pytorchReplicaSpecs.Master.template.spec.containers[0].gpus']);
  });

  it('a missing required field names the unknown key that most likely meant it (xiaolin8/Wan2.2 k8s/rayservice.yaml)', () => {
    const rayService = (key: string) => `apiVersion: ray.io/v1\nkind: RayService\nmetadata: {name: wan22}\nspec:\n  serveConfigV2: "applications: []"\n  ${key}:\n    headGroupSpec:\n      rayStartParams: {}\n      template: {spec: {containers: [{name: h, image: rayproject/ray:2.41.0}]}}\n`;
    assert.deepEqual(findings(rayService('rayClusterConfig')), []);
    assert.deepEqual(findings(rayService('rayClusterSpec')).map((f) => [f[0], f[3]]), [
      ['required', 'Missing required field "rayClusterConfig". The map has "rayClusterSpec", which the schema does not know: a misspelling of "rayClusterConfig"?'],
    ]);
    // Nothing like it written: the plain message.
    assert.deepEqual(findings(rayService('clusterTemplate')).map((f) => f[3]), ['Missing required field "rayClusterConfig".']);
  });

  it('a CRD field with a default is not required (the API server fills it in first): KubeRay worker groups without min/maxReplicas', () => {
    const group = (fields: string) => `apiVersion: ray.io/v1\nkind: RayCluster\nmetadata: {name: r}\nspec:\n  headGroupSpec:\n    rayStartParams: {}\n    template: {spec: {containers: [{name: h, image: rayproject/ray:2.41.0}]}}\n  workerGroupSpecs:\n    - ${fields}\n      template: {spec: {containers: [{name: w, image: rayproject/ray:2.41.0}]}}\n`;
    assert.deepEqual(findings(group('groupName: gpu\n      replicas: 2')), []);
    assert.deepEqual(findings(group('replicas: 2')).map((f) => [f[0], f[3]]), [['required', 'Missing required field "groupName".']]);
    assert.deepEqual(withoutDefaultedRequired({ type: 'object', required: ['a', 'b'], properties: { a: { type: 'integer', default: 0 }, b: { type: 'object', required: ['c'], properties: { c: { default: 'x' } } } } }),
      { type: 'object', required: ['b'], properties: { a: { type: 'integer', default: 0 }, b: { type: 'object', properties: { c: { default: 'x' } } } } });
  });

  it('the schema version setting changes the verdict (an API only served by some minors)', () => {
    const text = 'apiVersion: resource.k8s.io/v1\nkind: DeviceClass\nmetadata: {name: gpu}\nspec: {}\n';
    assert.deepEqual(findings(text, 'm.yaml', '1.34'), []);
    assert.equal(findings(text, 'm.yaml', '1.32')[0]?.[0], 'api-version');
  });

  it('empty values, documents without a kind and syntax errors produce no schema findings', () => {
    assert.deepEqual(findings('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n'), []);
    assert.deepEqual(findings('just: data\n---\n- a\n'), []);
    assert.deepEqual(findings('apiVersion: v1\nkind: Pod\nspec: {containers: [\n'), []);
  });
});
