// The operator variants of the Kubernetes part: KServe InferenceService for inference and Kubeflow
// PyTorchJob for PyTorch training on GPU. Every one in the matrix validates against the bundled CRD
// schemas (MLK002) and lints clean, file by file and across files.
import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { lintWorkspace } from '../../../src/core/lint/cross/lint';
import { lintManifest } from '../../../src/core/lint/kubernetes/lint';
import { severityRank } from '../../../src/core/lint/types';
import { operatorVariantOffered } from '../../../src/core/scaffold/operators';
import { planScaffold } from '../../../src/core/scaffold/plan';
import type { ScaffoldAnswers } from '../../../src/core/scaffold/types';
import { parts } from '../../../src/core/scaffold/types';
import { fixtureSchemas } from '../lint/kubernetes/support';
import { planFiles, scaffoldMatrix } from './scaffold-matrix';

const serious = (findings: { severity: keyof typeof severityRank; ruleId: string; message: string }[]) => findings.filter((f) => severityRank[f.severity] <= severityRank.warning).map((f) => `${f.ruleId}: ${f.message}`);

describe('scaffold: operator variants (KServe, Kubeflow PyTorchJob)', () => {
  const cases = scaffoldMatrix().filter((c) => c.answers.operator === true);

  it('offers KServe for inference and PyTorchJob for PyTorch training on GPU only', () => {
    assert.equal(operatorVariantOffered({ workload: 'inference', framework: 'sklearn', accelerator: 'cpu' }), 'kserve');
    assert.equal(operatorVariantOffered({ workload: 'training', framework: 'pytorch', accelerator: 'gpu' }), 'pytorchjob');
    assert.equal(operatorVariantOffered({ workload: 'training', framework: 'transformers', accelerator: 'gpu' }), 'pytorchjob');
    assert.equal(operatorVariantOffered({ workload: 'training', framework: 'pytorch', accelerator: 'cpu' }), undefined);
    assert.equal(operatorVariantOffered({ workload: 'training', framework: 'tensorflow', accelerator: 'gpu' }), undefined);
    assert.equal(operatorVariantOffered({ workload: 'retraining', framework: 'pytorch', accelerator: 'gpu' }), undefined);
    assert.equal(operatorVariantOffered({ workload: 'notebook', framework: 'pytorch', accelerator: 'gpu' }), undefined);
  });

  it('refuses the operator option where none is offered, with a clear message', () => {
    const answers: ScaffoldAnswers = { name: 'x', workload: 'retraining', accelerator: 'cpu', framework: 'sklearn', server: 'fastapi', port: 8000, parts: [...parts], operator: true };
    const result = planScaffold(answers);
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.error, /no operator variant for retraining with sklearn on CPU/);
  });

  it('the matrix holds both variants, CPU and GPU inference', () => {
    assert.ok(cases.some((c) => c.answers.workload === 'training'));
    assert.ok(cases.some((c) => c.answers.workload === 'inference' && c.row.accelerator === 'gpu'));
    assert.ok(cases.some((c) => c.answers.workload === 'inference' && c.row.accelerator === 'cpu'));
  });

  it('schema validation is active: a misspelt InferenceService field is an MLK002 finding (the check can fail)', () => {
    const bad = 'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: x\nspec:\n  predictor:\n    minReplica: 1\n    containers:\n      - name: kserve-container\n        image: x:1\n';
    assert.ok(lintManifest(bad, { schemas: fixtureSchemas() }).findings.some((f) => f.ruleId === 'MLK002'));
  });

  for (const c of cases) {
    it(`${c.label}: validates against the bundled CRD schemas and lints clean`, () => {
      const files = planFiles(c.answers);
      const k8s = files.filter((f) => f.path.startsWith('k8s/') && f.path !== 'k8s/kustomization.yaml');
      for (const f of k8s) {
        const result = lintManifest(f.content, { path: f.path, schemas: fixtureSchemas() });
        assert.deepEqual(result.problems, [], f.path);
        assert.deepEqual(serious(result.findings).map((m) => `${f.path} ${m}`), []);
      }
      const cross = lintWorkspace(k8s.map((f) => ({ path: f.path, kind: 'kubernetes' as const, text: f.content })));
      assert.deepEqual(serious(cross.findings), [], 'cross-file lint');
      const kustomization = parse(files.find((f) => f.path === 'k8s/kustomization.yaml')?.content ?? '') as { resources: string[] };
      assert.deepEqual([...kustomization.resources].sort(), k8s.map((f) => f.path.slice('k8s/'.length)).sort());
      const workflow = files.find((f) => f.path === '.github/workflows/container.yml')?.content ?? '';
      const gpu = c.row.accelerator === 'gpu';
      if (c.answers.workload === 'inference') {
        assert.deepEqual(k8s.map((f) => f.path).sort(), ['k8s/inferenceservice.yaml', 'k8s/pvc-models.yaml']);
        const isvc = parse(k8s.find((f) => f.path === 'k8s/inferenceservice.yaml')?.content ?? '') as { kind: string; spec: { predictor: { containers: { name: string; resources: { limits: Record<string, string> } }[]; tolerations?: unknown } } };
        assert.equal(isvc.kind, 'InferenceService');
        assert.equal(isvc.spec.predictor.containers[0]?.name, 'kserve-container');
        assert.equal(isvc.spec.predictor.containers[0]?.resources.limits['nvidia.com/gpu'] === '1', gpu);
        assert.equal(isvc.spec.predictor.tolerations !== undefined, gpu);
        assert.match(workflow, /kubectl wait --for=condition=Ready inferenceservice\/demo-app --timeout=\d+s/);
        assert.doesNotMatch(workflow, /rollout/);
      } else {
        assert.deepEqual(k8s.map((f) => f.path).sort(), ['k8s/pvc-data.yaml', 'k8s/pvc-models.yaml', 'k8s/pytorchjob.yaml']);
        const job = parse(k8s.find((f) => f.path === 'k8s/pytorchjob.yaml')?.content ?? '') as { kind: string; spec: { runPolicy: { backoffLimit: number }; pytorchReplicaSpecs: { Master: { replicas: number; template: { spec: { containers: { name: string; resources: { limits: Record<string, string> } }[] } } } } } };
        assert.equal(job.kind, 'PyTorchJob');
        assert.equal(job.spec.runPolicy.backoffLimit, 2);
        const container = job.spec.pytorchReplicaSpecs.Master.template.spec.containers[0];
        assert.equal(container?.name, 'pytorch');
        assert.equal(container?.resources.limits['nvidia.com/gpu'], '1');
        assert.match(workflow, /kubectl delete pytorchjob\/demo-app-train --ignore-not-found/);
        assert.doesNotMatch(workflow, /rollout|delete job\//);
      }
    });
  }
});
