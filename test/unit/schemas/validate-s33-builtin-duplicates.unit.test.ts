import * as assert from 'node:assert/strict';
import { bundledStore } from '../../fixtures/schemas/instances';
import { validateEmbeddedPodSpecs, validateText } from '../../../src/core/schemas/validate';
import { parseYaml } from '../../../src/core/lint/yaml/parse';

const store = bundledStore();

/** [path, message] of every `duplicate` finding. */
function duplicates(lines: readonly string[]): [string, string][] {
  return validateText([...lines, ''].join('\n'), 'manifest.yaml', store, '1.34').filter((d) => d.code === 'duplicate').map((d) => [d.path, d.message]);
}

const pod = (spec: readonly string[]): string[] => ['apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', ...spec.map((l) => `  ${l}`)];

describe('schema validation: repeated list-map keys the API server accepts in its own kinds (s33)', () => {
  it('a Deployment repeating an env name and a containerPort (no hostPort): accepted with a warning, so no duplicate', () => {
    assert.deepEqual(duplicates([
      'apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: web}', 'spec:', '  selector: {matchLabels: {app: web}}', '  template:',
      '    metadata: {labels: {app: web}}', '    spec:', '      containers:', '        - name: web', '          image: nginx:1.27',
      '          env: [{name: A, value: "1"}, {name: A, value: "2"}]',
      '          ports: [{containerPort: 8080, name: http}, {containerPort: 8080, name: metrics}]',
      '      initContainers:', '        - name: init', '          image: busybox:1.36', '          env: [{name: B, value: "1"}, {name: B, value: "2"}]',
    ]), []);
  });

  it('a pod repeating hostAliases ips and imagePullSecrets, a ServiceAccount repeating secrets or ownerReferences: no duplicate', () => {
    assert.deepEqual(duplicates(pod([
      'containers: [{name: c, image: x}]',
      'hostAliases: [{ip: 10.0.0.1, hostnames: [a]}, {ip: 10.0.0.1, hostnames: [b]}]',
      'imagePullSecrets: [{name: regcred}, {name: regcred}]',
    ])), []);
    assert.deepEqual(duplicates(['apiVersion: v1', 'kind: ServiceAccount', 'metadata: {name: sa}', 'secrets: [{name: s}, {name: s}]']), []);
    const owner = '{apiVersion: v1, kind: ConfigMap, name: o, uid: 6f1c2a3e-0000-4000-8000-000000000001}';
    assert.deepEqual(duplicates(['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', '  name: sa', `  ownerReferences: [${owner}, ${owner}]`]), []);
  });

  it('the same containerPort and protocol binding the same hostPort is rejected (the host-port check): kept', () => {
    const ports = (second: string) => duplicates(pod(['containers:', '  - name: c', '    image: x', `    ports: [{containerPort: 80, hostPort: 8080}, ${second}]`]));
    assert.deepEqual(ports('{containerPort: 80, hostPort: 8080}'), [
      ['spec.containers[0].ports[1]', 'Duplicate entry: another item has the same containerPort and protocol and binds the same hostPort, which the API server rejects; remove one of them.'],
    ]);
    assert.deepEqual(ports('{containerPort: 80, hostPort: 8081}'), []);
    assert.deepEqual(ports('{containerPort: 80}'), []);
    assert.deepEqual(ports('{containerPort: 80, hostPort: 8080, hostIP: 127.0.0.1}'), []);
  });

  it('repeats validation rejects in built-in kinds stay errors: volumes, containers, volumeMounts, a Service\'s ports', () => {
    assert.deepEqual(duplicates(pod([
      'containers:', '  - {name: c, image: x, volumeMounts: [{name: v, mountPath: /data}, {name: w, mountPath: /data}]}', '  - {name: c, image: y}',
      'volumes: [{name: v, emptyDir: {}}, {name: v, emptyDir: {}}]',
    ])).map(([path]) => path), ['spec.containers[0].volumeMounts[1]', 'spec.containers[1]', 'spec.volumes[1]']);
    assert.deepEqual(duplicates(['apiVersion: v1', 'kind: Service', 'metadata: {name: s}', 'spec:', '  ports: [{port: 80, protocol: TCP}, {port: 80, protocol: TCP}]']).map(([path]) => path), ['spec.ports[1]']);
  });

  it('a custom resource repeating an env name stays an error: its CRD\'s list-type map is enforced (KServe ServingRuntime)', () => {
    assert.deepEqual(duplicates([
      'apiVersion: serving.kserve.io/v1alpha1', 'kind: ServingRuntime', 'metadata: {name: caikit}', 'spec:', '  supportedModelFormats: [{name: caikit}]', '  containers:',
      '    - name: transformer-container', '      image: quay.io/opendatahub/caikit-tgis-serving:stable',
      '      env: [{name: TRANSFORMERS_CACHE, value: /tmp/a}, {name: TRANSFORMERS_CACHE, value: /tmp/a}]',
    ]), [['spec.containers[0].env[1]', 'Duplicate entry: another item has the same name, which the API server rejects; remove one of them or merge the two.']]);
  });

  it('a pod spec an operator turns into a pod is checked as that pod: a repeated env name is no duplicate', () => {
    const text = ['apiVersion: kubeflow.org/v1', 'kind: Notebook', 'metadata: {name: nb}', 'spec:', '  template:', '    spec:', '      containers:',
      '        - name: nb', '          image: x', '          env: [{name: A, value: "1"}, {name: A, value: "2"}]', ''].join('\n');
    const doc = parseYaml(text).documents[0];
    assert.ok(doc);
    const spec = doc.doc.getIn(['spec', 'template', 'spec'], true) as Parameters<typeof validateEmbeddedPodSpecs>[1][number]['node'];
    const found = validateEmbeddedPodSpecs(doc.doc, [{ node: spec, path: ['spec', 'template', 'spec'] }], store, '1.34');
    assert.deepEqual(found.filter((d) => d.code === 'duplicate'), []);
  });
});
