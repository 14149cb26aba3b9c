import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { patchWrittenPaths, podFieldPatched } from '../../../../src/core/lint/kubernetes/kustomize-patched-fields';

const paths = (text: string) => patchWrittenPaths(parse(text) as unknown).sort();
const job = (spec: string) => `apiVersion: batch/v1\nkind: Job\nmetadata: {name: leader, labels: {tier: gpu}}\nspec:\n${spec}`;

describe('patchWrittenPaths: the fields one patch document writes under spec', () => {
  it('a strategic-merge patch: its scalars and lists, each whole; metadata left out', () => {
    assert.deepEqual(paths(job('  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: runner, image: "busybox:1.36"}]\n')), ['spec.template.spec.containers', 'spec.template.spec.restartPolicy']);
  });

  it('a CronJob\'s pod fields, under its jobTemplate', () => {
    assert.deepEqual(paths('kind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n'), ['spec.jobTemplate.spec.template.spec.restartPolicy']);
  });

  for (const [what, spec] of [
    ['null (a strategic merge deletes the field)', '  template:\n    spec:\n      restartPolicy: null\n'],
    ['an empty list or mapping', '  template:\n    spec:\n      tolerations: []\n      securityContext: {}\n'],
    ['a $patch: delete directive', '  template:\n    spec:\n      securityContext:\n        $patch: delete\n'],
  ] as const) {
    it(`near miss: ${what} writes nothing`, () => assert.deepEqual(paths(job(spec)), []));
  }

  it('false and 0 are values', () => {
    assert.deepEqual(paths(job('  backoffLimit: 0\n  template:\n    spec:\n      automountServiceAccountToken: false\n')), ['spec.backoffLimit', 'spec.template.spec.automountServiceAccountToken']);
  });

  it('JSON 6902 operations: list indexes kept, escapes read, an append names the list, copy and move their target', () => {
    const ops = [
      '- op: add\n  path: /spec/template/spec/containers/0/resources\n  value: {limits: {memory: 1Gi}}',
      '- op: replace\n  path: /spec/template/metadata/annotations/example.com~1role\n  value: leader',
      '- op: add\n  path: /spec/template/spec/tolerations/-\n  value: {key: nvidia.com/gpu, operator: Exists}',
      '- op: copy\n  from: /spec/template/spec/nodeSelector\n  path: /spec/template/spec/affinity',
    ].join('\n');
    assert.deepEqual(paths(ops), ['spec.template.metadata.annotations.example.com/role', 'spec.template.spec.affinity', 'spec.template.spec.containers.0.resources.limits.memory', 'spec.template.spec.tolerations']);
  });

  it('near miss: remove and test, an operation outside spec, a path without its leading slash', () => {
    const ops = [
      '- op: remove\n  path: /spec/template/spec/restartPolicy',
      '- op: test\n  path: /spec/template/spec/restartPolicy\n  value: Never',
      '- op: add\n  path: /metadata/labels/tier\n  value: gpu',
      '- op: add\n  path: spec/template/spec/restartPolicy\n  value: Never',
    ].join('\n');
    assert.deepEqual(paths(ops), []);
  });

  it('an operation on the whole document or spec reads its value', () => {
    assert.deepEqual(paths('- op: replace\n  path: ""\n  value: {metadata: {name: x}, spec: {template: {spec: {restartPolicy: Never}}}}\n'), ['spec.template.spec.restartPolicy']);
  });
});

describe('podFieldPatched: a pod field the builds over the file patch', () => {
  const pod = { path: ['spec', 'template', 'spec'] };
  const leader = { kind: 'Job', name: 'leader' };
  const build = (kind: string | undefined, name: string | undefined, ...fieldPaths: string[]) => ({ patchedFields: [{ ...(kind !== undefined ? { kind } : {}), ...(name !== undefined ? { name } : {}), fieldPaths }] });

  it('the field, or a part of it, on an object the patch targets (any name when it names none)', () => {
    assert.equal(podFieldPatched(build('Job', undefined, 'spec.template.spec.restartPolicy'), leader, pod, 'restartPolicy'), true);
    assert.equal(podFieldPatched(build('Job', 'leader', 'spec.template.spec.securityContext.seccompProfile.type'), leader, pod, 'securityContext'), true);
  });

  for (const [what, patched] of [
    ['no build', undefined],
    ['another object', build('Job', 'worker', 'spec.template.spec.restartPolicy')],
    ['another kind', build('Deployment', 'leader', 'spec.template.spec.restartPolicy')],
    ['a field whose name starts like it', build('Job', 'leader', 'spec.template.spec.restartPolicyX')],
    ['only a field above it (written as a whole list)', build('Job', 'leader', 'spec.template.spec')],
    ['the same field of another pod path', build('Job', 'leader', 'spec.restartPolicy')],
  ] as const) {
    it(`near miss: ${what}`, () => assert.equal(podFieldPatched(patched, leader, pod, 'restartPolicy'), false));
  }
});
