import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

const xgboostJob = [
  'apiVersion: kubeflow.org/v1',
  'kind: XGBoostJob',
  'metadata:',
  '  name: iris',
  'spec:',
  '  xgbReplicaSpecs:',
  '    Master:',
  '      replicas: 1',
  '      template:',
  '        spec:',
  '          containers:',
  '            - name: xgboostjob',
  '              image: example.com/xgboost-iris:1.0',
  '',
].join('\n');

describe('MLK424: a wrong container name gets the job rejected', () => {
  it('says the operator rejects the job, quoting its validation error', () => {
    const [found] = lintManifest(xgboostJob).findings.filter((f) => f.ruleId === 'MLK424');
    assert.ok(found);
    assert.match(found.message, /training operator rejects the job \("must have at least one container with name xgboost"/);
    assert.match(found.message, /name the training container "xgboost"/);
  });
});
