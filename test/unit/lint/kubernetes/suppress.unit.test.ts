import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** The rules these fixtures are about (the security rules also fire on them and are tested elsewhere). */
const watched = new Set(['MLK005', 'MLK007', 'MLK402', 'MLK405', 'MLK409']);

const ids = (text: string, noInlineIgnores = false) => {
  const config = emptyConfig();
  return lintManifest(text, { config, noInlineIgnores })
    .findings.filter((f) => watched.has(f.ruleId))
    .map((f) => `${f.ruleId}@${f.range.start.line}`);
};

const pod = (extra: { container?: string; above?: string; doc?: string; annotations?: string } = {}) => `apiVersion: v1
kind: Pod
metadata:
  name: p${extra.annotations ?? ''}
spec:${extra.doc ?? ''}
  containers:
${extra.above ?? ''}    - name: server${extra.container ?? ''}
      image: registry.example/x:1
      resources:
        requests:
          nvidia.com/gpu: 1
        limits:
          nvidia.com/gpu: 2
`;

describe('YAML suppressions (§9.2) and foreign annotations (§9.3)', () => {
  it('finds MLK402, MLK405 and MLK409 without suppressions', () => {
    assert.deepEqual(ids(pod()), ['MLK405@7', 'MLK409@7', 'MLK402@11']);
  });

  it('an own-line comment covers the next entry and its subtree', () => {
    assert.deepEqual(ids(pod({ above: '    # mlc-ignore MLK405 MLK402 -- vendor chart\n' })), ['MLK409@8']);
    assert.deepEqual(ids(pod({ above: '    # mlc-ignore\n' })), []);
  });

  it('a trailing comment covers the entry that starts on its line', () => {
    assert.deepEqual(ids(pod({ container: '  # mlc-ignore MLK409' })), ['MLK405@7', 'MLK402@11']);
    const text = pod().replace('          nvidia.com/gpu: 1\n', '          nvidia.com/gpu: 1 # mlc-ignore MLK402\n');
    assert.deepEqual(ids(text), ['MLK405@7', 'MLK409@7']);
  });

  it('mlc-ignore-document covers one object; mlc-ignore-file the whole file; --no-inline-ignores audits', () => {
    const two = `${pod()}---\n# mlc-ignore-document MLK405\n${pod()}`;
    assert.deepEqual(ids(two), ['MLK405@7', 'MLK409@7', 'MLK402@11', 'MLK409@22', 'MLK402@26']);
    assert.deepEqual(ids(`# mlc-ignore-file MLK409,MLK402\n${pod()}`), ['MLK405@8']);
    assert.deepEqual(ids(`# mlc-ignore-file\n${pod()}`, true), ['MLK405@8', 'MLK409@8', 'MLK402@12']);
  });

  it('the word in a value is not a pragma', () => {
    const text = pod().replace('image: registry.example/x:1', 'image: "registry.example/x:1#mlc-ignore"');
    assert.deepEqual(ids(text), ['MLK405@7', 'MLK409@7', 'MLK402@11']);
  });

  it('honours kube-linter, kube-score and Polaris annotations for the rules they map to', () => {
    const dep = (annotations: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
${annotations}
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: other}
    spec:
      containers:
        - name: web
          image: registry.example/web:1
          env:
            - {name: A, value: "1"}
            - {name: A, value: "2"}
`;
    assert.deepEqual(ids(dep('    team: ml')), ['MLK005@8', 'MLK007@18']);
    assert.deepEqual(ids(dep('    ignore-check.kube-linter.io/mismatching-selector: "vendor"')), ['MLK007@18']);
    assert.deepEqual(ids(dep('    kube-score/ignore: environment-variable-key-duplication,deployment-pod-selector-labels-match-template-metadata-labels')), []);
    assert.deepEqual(ids(dep('    kube-linter.io/ignore-all: "true"')), []);
    // An escaped key spells the pragma without its words appearing in the text.
    assert.deepEqual(ids(dep('    "kube\\x2dlinter.io/ignore-all": "true"')), []);
    const off = emptyConfig();
    off.foreignPragmas = false;
    assert.equal(lintManifest(dep('    kube-linter.io/ignore-all: "true"'), { config: off }).findings.filter((f) => watched.has(f.ruleId)).length, 2);
  });
});
