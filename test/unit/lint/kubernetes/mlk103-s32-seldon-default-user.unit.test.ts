import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

const runsAsRoot = (text: string) =>
  lintManifest(text)
    .findings.filter((f) => f.ruleId === 'MLK103')
    .map((f) => `${f.range.start.line}: ${f.message}`);

/** A SeldonDeployment (v1) whose one component runs `container` (lines under the container's `- name:`), with `pod` lines beside `containers:`. */
function sdep(options: { apiVersion?: string; kind?: string; pod?: readonly string[]; container?: readonly string[] } = {}): string {
  return [
    `apiVersion: ${options.apiVersion ?? 'machinelearning.seldon.io/v1'}`,
    `kind: ${options.kind ?? 'SeldonDeployment'}`,
    'metadata: {name: numpyro-model}',
    'spec:',
    '  predictors:',
    '    - name: default',
    '      graph: {name: model, type: MODEL}',
    '      componentSpecs:',
    '        - spec:',
    ...(options.pod ?? []).map((l) => `            ${l}`),
    '            containers:',
    '              - name: model',
    '                image: registry.example/model:0.1.0',
    ...(options.container ?? []).map((l) => `                ${l}`),
    '',
  ].join('\n');
}

describe('MLK103 on SeldonDeployment pods: the Seldon Core v1 operator runs them as user 8888 (SeldonIO/seldon-core#2142, defaultUserID)', () => {
  it('an unset runAsUser is the operator’s 8888, not root (SeldonIO/seldon-core#2142)', () => {
    assert.deepEqual(runsAsRoot(sdep()), []);
    assert.deepEqual(runsAsRoot(sdep({ container: ['securityContext: {runAsNonRoot: false}'] })), []);
  });

  it('a runAsUser 0 the manifest sets itself still runs as root', () => {
    const [finding] = runsAsRoot(sdep({ container: ['securityContext: {runAsUser: 0}'] }));
    assert.match(finding ?? '', /^13: container "model" runs as root \(runAsUser 0\)/);
  });

  it('the same pod in a Deployment, or in a kind of another API group, gets no operator default', () => {
    assert.equal(runsAsRoot(sdep({ apiVersion: 'example.com/v1' })).length, 0, 'no pods are read from an unknown kind');
    const deployment = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: model}',
      'spec:',
      '  selector: {matchLabels: {app: model}}',
      '  template:',
      '    metadata: {labels: {app: model}}',
      '    spec:',
      '      containers:',
      '        - name: model',
      '          image: registry.example/model:0.1.0',
      '',
    ].join('\n');
    assert.deepEqual(runsAsRoot(deployment).map((f) => f.replace(/ \(.*/, '')), ['10: container "model" may run as root']);
  });
});
