import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../../src/core/lint/apply-edits';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { rule } from '../../../../src/core/lint/rules/kubernetes/mlk314-job-ttl-missing';
import { rule as mlk414 } from '../../../../src/core/lint/rules/kubernetes/mlk414-gpu-job-without-deadline';

/** A RayJob with these spec lines before its rayClusterSpec, whose worker asks for `limits` (none: a CPU cluster). */
function rayJob(specLines: string[], limits?: string): string {
  return [
    'apiVersion: ray.io/v1',
    'kind: RayJob',
    'metadata:',
    '  name: train',
    'spec:',
    '  entrypoint: python train.py',
    ...specLines.map((l) => `  ${l}`),
    '  rayClusterSpec:',
    '    headGroupSpec:',
    '      rayStartParams: {}',
    '      template:',
    '        spec:',
    '          containers:',
    '            - name: ray-head',
    '              image: rayproject/ray:2.43.0-py310',
    '    workerGroupSpecs:',
    '      - groupName: workers',
    '        replicas: 1',
    '        rayStartParams: {}',
    '        template:',
    '          spec:',
    '            containers:',
    '              - name: ray-worker',
    '                image: rayproject/ray:2.43.0-py310',
    ...(limits === undefined ? [] : ['                resources:', '                  limits:', `                    ${limits}`]),
    '',
  ].join('\n');
}

function mlk314(text: string) {
  return lintManifest(text, { rules: [rule], fixes: true }).findings;
}

describe('MLK314: a RayJob that keeps its RayCluster after the job finishes', () => {
  it('reports at spec, names the accelerators the cluster holds, and fixes it with shutdownAfterJobFinishes: true', () => {
    const text = rayJob([], 'google.com/tpu: "4"');
    const [f, ...rest] = mlk314(text);
    assert.ok(f);
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'info');
    assert.deepEqual([f.range.start.line, f.range.start.column, f.range.end.column], [5, 1, 5]);
    assert.equal(f.message, 'This RayJob keeps its RayCluster (and its TPUs) running after the job finishes, as shutdownAfterJobFinishes defaults to false; set shutdownAfterJobFinishes: true (and ttlSecondsAfterFinished to keep it a while for its logs).');
    assert.equal(f.fix?.title, 'Add shutdownAfterJobFinishes: true');
    const fixed = applyTextEdits(text, f.fix?.edits ?? []);
    assert.match(fixed, /\n {2}entrypoint: python train\.py\n {2}shutdownAfterJobFinishes: true\n {2}rayClusterSpec:\n/);
    assert.deepEqual(mlk314(fixed), []);
  });

  it('names GPUs, names nothing for a CPU cluster, and says a TTL alone acts only with the shutdown', () => {
    assert.match(mlk314(rayJob([], 'nvidia.com/gpu: "1"'))[0]?.message ?? '', /RayCluster \(and its GPUs\) running/);
    const cpu = mlk314(rayJob(['ttlSecondsAfterFinished: 600']))[0]?.message ?? '';
    assert.match(cpu, /^This RayJob keeps its RayCluster running after the job finishes/);
    assert.match(cpu, /set shutdownAfterJobFinishes: true; its ttlSecondsAfterFinished acts only then\.$/);
  });

  it('is silent when the cluster is deleted, kept on purpose, or not the RayJob to delete', () => {
    for (const lines of [['shutdownAfterJobFinishes: true'], ['shutdownAfterJobFinishes: false'], ['deletionStrategy: {onSuccess: {policy: DeleteCluster}, onFailure: {policy: DeleteNone}}'], ['deletionPolicy: DeleteCluster']]) {
      assert.deepEqual(mlk314(rayJob(lines, 'nvidia.com/gpu: "1"')), [], lines[0]);
    }
    const selector = ['apiVersion: ray.io/v1', 'kind: RayJob', 'metadata:', '  name: on-shared', 'spec:', '  entrypoint: python train.py', '  clusterSelector:', '    ray.io/cluster: shared', ''].join('\n');
    assert.deepEqual(mlk314(selector), []);
    const hook = rayJob([], 'nvidia.com/gpu: "1"').replace('  name: train\n', '  name: train\n  annotations:\n    helm.sh/hook: post-install\n');
    assert.deepEqual(mlk314(hook), []);
  });

  it('is the only rule that reports the kept cluster: MLK414 reads deadlines only for RayJobs that shut down', () => {
    const findings = lintManifest(rayJob([], 'nvidia.com/gpu: "1"'), { rules: [rule, mlk414] }).findings;
    assert.deepEqual(findings.map((f) => f.ruleId), ['MLK314']);
  });
});
