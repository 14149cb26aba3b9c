import * as assert from 'node:assert/strict';
import { classifyYaml } from '../../../../src/core/lint/yaml/classify';
import { useLintRepo } from '../support/lint-repo';

/** The Kubernetes website's php-apache HPA (content/en/examples/application/hpa/php-apache.yaml) is one flow mapping. */
const flowHpa = [
  '{',
  '  "apiVersion": "autoscaling/v2",',
  '  kind: HorizontalPodAutoscaler,',
  '  metadata: { name: php-apache },',
  '  spec: { scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: php-apache }, minReplicas: 1, maxReplicas: 10 }',
  '}',
  '',
].join('\n');

describe('YAML file kinds by content', () => {
  it('a manifest written as one flow mapping is a manifest', () => {
    assert.equal(classifyYaml(flowHpa), 'kubernetes');
    assert.equal(classifyYaml(`# HPA\n---\n${flowHpa}`), 'kubernetes');
  });

  it('nested apiVersion and kind keys make no manifest (a values file, a config)', () => {
    assert.equal(classifyYaml('image:\n  repository: x\ntarget: {apiVersion: apps/v1, kind: Deployment}\n'), 'other');
    assert.equal(classifyYaml('services:\n  api: {image: x}\n'), 'compose');
  });

  it('quoted top-level keys count (Kubeflow Pipelines v1 compiles workflows as "apiVersion": |-), quoted nested ones do not', () => {
    assert.equal(classifyYaml('"apiVersion": |-\n  argoproj.io/v1alpha1\n"kind": |-\n  Workflow\n'), 'kubernetes');
    assert.equal(classifyYaml("'apiVersion': v1\n'kind': ConfigMap\n"), 'kubernetes');
    assert.equal(classifyYaml('"services":\n  api: {image: x}\n'), 'compose');
    assert.equal(classifyYaml('target:\n  "apiVersion": v1\n  "kind": Pod\n'), 'other');
  });

  describe('a folder walk', () => {
    const { write, lint } = useLintRepo('flow');
    it('lints a flow-style manifest it finds', async () => {
      write('k8s/hpa.yaml', flowHpa);
      const r = await lint('--format', 'json', 'k8s');
      assert.notEqual(r.code, 2, r.err);
      assert.ok((JSON.parse(r.out) as { file: string }[]).some((f) => f.file === 'k8s/hpa.yaml'), r.out);
    });
  });
});
