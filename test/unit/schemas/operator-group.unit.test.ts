import * as assert from 'node:assert/strict';
import { namesOperatorGroup } from '../../../src/core/schemas/operator-group';

describe('schemas: which files the editor\'s operator pod check reads', () => {
  it('finds an operator\'s API group in any document, YAML or JSON', () => {
    for (const text of [
      'apiVersion: kubeflow.org/v1\nkind: PyTorchJob\n',
      'apiVersion: apps/v1\nkind: Deployment\n---\napiVersion: "serving.kserve.io/v1beta1"\nkind: InferenceService\n',
      'apiVersion: jobset.x-k8s.io/v1alpha2\nkind: JobSet\n',
      '{"apiVersion": "ray.io/v1", "kind": "RayCluster"}',
      'items:\n  - apiVersion: trainer.kubeflow.org/v1alpha1\n    kind: ClusterTrainingRuntime\n',
    ]) {
      assert.ok(namesOperatorGroup(text), text);
    }
  });

  it('skips files of Kubernetes\' own groups only', () => {
    for (const text of [
      'apiVersion: apps/v1\nkind: Deployment\n',
      'apiVersion: v1\nkind: Service\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\n',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n',
      'kind: ConfigMap\ndata:\n  note: see kubeflow.org/docs\n',
    ]) {
      assert.ok(!namesOperatorGroup(text), text);
    }
  });
});
