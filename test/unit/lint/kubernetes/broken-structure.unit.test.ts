import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

// kubeflow/mpi-operator examples/v2beta1/deepspeed/deepspeed-helloworld.yaml, as published: `name:` one column off.
const misindented = `apiVersion: kubeflow.org/v2beta1
kind: MPIJob
metadata:
  name: deepspeed-helloworld
spec:
  mpiReplicaSpecs:
    Worker:
      replicas: 2
      template:
        spec:
          containers:
           - image: registry.example/deepspeed:hello
            name: deepspeed-helloworld
            resources:
              limits:
                nvidia.com/gpu: 8
---
apiVersion: v1
kind: Pod
metadata:
  name: fine
spec:
  containers:
    - name: app
      image: registry.example/app:1.0.0
`;

describe('a document whose structure is broken gets its syntax error, not findings on a half-recovered tree', () => {
  it('reports only MLK001 in the broken document, and lints the next one as usual', () => {
    const findings = lintManifest(misindented).findings;
    const inBroken = findings.filter((f) => f.range.start.line <= 17).map((f) => f.ruleId);
    assert.deepEqual([...new Set(inBroken)], ['MLK001']);
    assert.ok(findings.some((f) => f.range.start.line > 17 && f.ruleId === 'MLK103'), 'the second document is linted');
  });

  it('a slip inside a flow sequence keeps the other rules (the tree keeps its shape)', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: registry.example/app:1.0.0\n      args: [--port=8080, --name={{.Name}}]\n';
    const ids = new Set(lintManifest(text).findings.map((f) => f.ruleId));
    assert.ok(ids.has('MLK001') && ids.has('MLK103'), [...ids].join(','));
  });
});
