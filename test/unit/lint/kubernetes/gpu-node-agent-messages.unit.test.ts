import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

const workload = (kind: string, limits: string) => `apiVersion: apps/v1
kind: ${kind}
metadata: {name: agent, namespace: gpu-platform}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers:
        - name: agent
          image: registry.example/gpu-agent:1.0.0
          securityContext: {privileged: true}
          resources: {limits: {${limits}}}
          volumeMounts: [{name: driver, mountPath: /driver-root}]
      volumes:
        - {name: driver, hostPath: {path: /run/nvidia/driver}}
`;
const mlk418 = (text: string) => lintManifest(text).findings.filter((f) => f.ruleId === 'MLK418').map((f) => f.message);

describe('MLK418 on a DaemonSet that requests no GPU allows for a node agent of the GPU stack', () => {
  it('the GPU Operator\'s toolkit, exporter and feature discovery DaemonSets are told to exempt their namespace, not to request a GPU', () => {
    assert.deepEqual(mlk418(workload('DaemonSet', 'cpu: 100m')), [
      'container "agent" runs privileged in a DaemonSet that requests no GPU, which exposes every GPU of the node outside the device plugin; if this DaemonSet is part of the node\'s GPU stack (driver, container toolkit, exporter, feature discovery), list its namespace in cluster.exemptNamespaces of .mlc.yaml, otherwise drop privileged and request GPUs through resources.limits.',
      'The hostPath volume "driver" exposes /run/nvidia/driver directly, outside device-plugin allocation; if this DaemonSet is part of the node\'s GPU stack (driver, container toolkit, exporter, feature discovery), list its namespace in cluster.exemptNamespaces of .mlc.yaml, otherwise request nvidia.com/gpu in resources.limits instead.',
    ]);
  });

  it('a Deployment, or a DaemonSet that requests a GPU, keeps the workload advice', () => {
    for (const text of [workload('Deployment', 'cpu: 100m'), workload('DaemonSet', 'nvidia.com/gpu: 1')]) {
      const messages = mlk418(text);
      assert.equal(messages.length, 2);
      assert.ok(messages.every((m) => !m.includes('exemptNamespaces')), messages.join('\n'));
    }
  });
});
