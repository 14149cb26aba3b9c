import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

const fixture = (name: string) => fs.readFileSync(path.join('test/fixtures/lint/kubernetes/MLK419', name), 'utf8');
const mlk419 = (text: string) => lintManifest(text).findings.filter((f) => f.ruleId === 'MLK419');

describe('MLK419: Jobs that run one pod', () => {
  it('words the emptyDir finding for a Job by its retries, not rollouts or replicas', () => {
    const [found] = mlk419(fixture('fail/job-retry-downloads-again.yaml'));
    assert.ok(found);
    assert.match(found.message, /every retry of this Job \(a new pod\) downloads it again/);
    assert.doesNotMatch(found.message, /rollout|replica/);
  });

  it('keeps the rollout wording for a Job running several pods', () => {
    const text = fixture('fail/job-retry-downloads-again.yaml').replace('spec:\n  template:', 'spec:\n  parallelism: 4\n  template:');
    const [found] = mlk419(text);
    assert.ok(found);
    assert.match(found.message, /a rollout, a rescheduled or added replica/);
  });

  it('is silent for a Job that allows no retry', () => {
    assert.deepEqual(mlk419(fixture('pass/run-once-job-without-retries.yaml')), []);
  });
});
