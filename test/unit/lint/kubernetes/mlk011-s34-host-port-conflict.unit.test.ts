import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { fixtureSchemas } from './support';

/** `RULE@line message` of the MLK011 and MLK002 findings, with the bundled schemas unless `schemas` is false. */
function hostPorts(text: string, schemas = true): string[] {
  const found = lintManifest(text, schemas ? { schemas: fixtureSchemas() } : {}).findings;
  return found.filter((f) => f.ruleId === 'MLK011' || f.ruleId === 'MLK002').map((f) => `${f.ruleId}@${f.range.start.line} ${f.message}`);
}

/** A Pod whose spec is these lines (indented under `spec:`); line 5 is the first of them. */
function pod(lines: readonly string[]): string {
  return ['apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', ...lines.map((l) => `  ${l}`), ''].join('\n');
}

const rejects = 'the API server rejects a pod that binds one host port twice';

describe('MLK011 (s34): host ports the API server\'s host-port check rejects', () => {
  it('names both containers, or both containerPorts of one container, and what to change', () => {
    assert.deepEqual(hostPorts(pod([
      'containers:', '  - name: a', '    image: x', '    ports: [{containerPort: 80, hostPort: 8080}]',
      '  - name: b', '    image: y', '    ports: [{containerPort: 81, hostPort: 8080}]',
    ])), [`MLK011@11 container "b" binds host port 8080/TCP, as container "a" does; ${rejects}, so give one of them another hostPort or remove one.`]);
    assert.deepEqual(hostPorts(pod([
      'containers:', '  - name: a', '    image: x', '    ports: [{containerPort: 80, hostPort: 8080, hostIP: 10.0.0.1, protocol: UDP}, {containerPort: 81, hostPort: 8080, hostIP: 10.0.0.1, protocol: UDP}]',
    ])), [`MLK011@8 container "a" binds host port 10.0.0.1:8080/UDP for both containerPort 80 and containerPort 81; ${rejects}, so give one of them another hostPort or remove one.`]);
  });

  it('on the host network every containerPort is a host port: two containers on one port clash, as does one port declared twice', () => {
    assert.deepEqual(hostPorts(pod([
      'hostNetwork: true', 'containers:', '  - name: a', '    image: x', '    ports: [{containerPort: 9100, hostPort: 9100}]',
      '  - name: b', '    image: y', '    ports: [{containerPort: 9100}]',
    ])), [`MLK011@12 container "b" listens on port 9100/TCP, as container "a" does, and on the host network each containerPort is also a host port; ${rejects}, so give one of them another port or remove one.`]);
    assert.deepEqual(hostPorts(pod([
      'hostNetwork: true', 'containers:', '  - name: a', '    image: x', '    ports: [{containerPort: 9100, name: metrics}, {containerPort: 9100, name: scrape}]',
    ])), [`MLK011@9 container "a" declares port 9100/TCP twice, and on the host network each containerPort is also a host port; ${rejects}, so give one of them another port or remove one.`]);
  });

  it('near miss: without the host network a containerPort binds no host port', () => {
    assert.deepEqual(hostPorts(pod([
      'containers:', '  - name: a', '    image: x', '    ports: [{containerPort: 9100}]', '  - name: b', '    image: y', '    ports: [{containerPort: 9100}]',
    ])), []);
  });

  it('an entry repeated exactly in one container is MLK002\'s alone; a protocol left to its TCP default is no exact repeat', () => {
    const ports = (second: string) => pod(['containers:', '  - name: a', '    image: x', `    ports: [{containerPort: 80, hostPort: 8080}, ${second}]`]);
    assert.deepEqual(hostPorts(ports('{containerPort: 80, hostPort: 8080}')).map((f) => f.slice(0, 9)), ['MLK002@8 ']);
    assert.deepEqual(hostPorts(ports('{containerPort: 80, hostPort: 8080, protocol: TCP}')).map((f) => f.slice(0, 9)), ['MLK011@8 ']);
  });

  it('near miss: without the schemas MLK002 reports nothing, so MLK011 names the exact repeat', () => {
    const text = pod(['containers:', '  - name: a', '    image: x', '    ports: [{containerPort: 80, hostPort: 8080}, {containerPort: 80, hostPort: 8080}]']);
    assert.deepEqual(hostPorts(text, false).map((f) => f.slice(0, 9)), ['MLK011@8 ']);
  });

  it('hostIP is compared as written, as validation does: "" and 0.0.0.0 are no clash to the API server', () => {
    assert.deepEqual(hostPorts(pod([
      'containers:', '  - name: a', '    image: x', '    ports: [{containerPort: 80, hostPort: 8080}]',
      '  - name: b', '    image: y', '    ports: [{containerPort: 81, hostPort: 8080, hostIP: 0.0.0.0}]',
    ])), []);
  });

  it('an init container is checked alone: two of its own ports clash, a port of an app container does not', () => {
    assert.deepEqual(hostPorts(pod([
      'initContainers:', '  - name: init', '    image: x', '    ports: [{containerPort: 80, hostPort: 8080}, {containerPort: 81, hostPort: 8080}]',
      'containers:', '  - name: a', '    image: y', '    ports: [{containerPort: 80, hostPort: 8080}]',
    ])).map((f) => f.slice(0, 30)), ['MLK011@8 init container "init"']);
  });

  it('reads the pod templates of operator kinds (a PyTorchJob\'s workers)', () => {
    const text = [
      'apiVersion: kubeflow.org/v1', 'kind: PyTorchJob', 'metadata: {name: train}', 'spec:', '  pytorchReplicaSpecs:', '    Worker:', '      replicas: 2',
      '      template:', '        spec:', '          containers:', '            - name: pytorch', '              image: x',
      '              ports: [{containerPort: 23456, hostPort: 23456}]', '            - name: exporter', '              image: y',
      '              ports: [{containerPort: 9400, hostPort: 23456}]', '',
    ].join('\n');
    assert.deepEqual(hostPorts(text).map((f) => f.slice(0, 41)), ['MLK011@16 container "exporter" binds host']);
  });

  it('near miss: a Kustomize patch entry that deletes a port binds nothing', () => {
    assert.deepEqual(hostPorts(pod([
      'containers:', '  - name: a', '    image: x', '    ports: [{containerPort: 80, hostPort: 8080}, {containerPort: 81, hostPort: 8080, $patch: delete}]',
    ])).filter((f) => f.startsWith('MLK011')), []);
  });
});
