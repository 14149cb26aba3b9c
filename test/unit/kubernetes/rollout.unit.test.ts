import * as assert from 'node:assert/strict';
import { eventsTable } from '../../../src/core/kubernetes/describe';
import { restartPatch, rolloutStatus } from '../../../src/core/kubernetes/rollout';

describe('Kubernetes rollout status and describe (pure)', () => {
  const dep = (status: object, generation = 2, replicas = 3) => ({ metadata: { name: 'web', generation }, spec: { replicas }, status: { observedGeneration: 2, ...status } });

  it('follows a Deployment rollout the way kubectl does', () => {
    assert.equal(rolloutStatus('Deployment', dep({}, 3)).message, 'Waiting for the deployment spec update to be observed…');
    assert.equal(rolloutStatus('Deployment', dep({ updatedReplicas: 1, replicas: 3 })).message, '1 of 3 new replicas updated');
    assert.equal(rolloutStatus('Deployment', dep({ updatedReplicas: 3, replicas: 4 })).message, '1 old replicas pending termination');
    assert.equal(rolloutStatus('Deployment', dep({ updatedReplicas: 3, replicas: 3, availableReplicas: 2 })).message, '2 of 3 updated replicas available');
    assert.deepEqual(rolloutStatus('Deployment', dep({ updatedReplicas: 3, replicas: 3, availableReplicas: 3 })), { state: 'done', message: 'Deployment web successfully rolled out (3/3 available)' });
    const stuck = rolloutStatus('Deployment', dep({ conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "web-1" has timed out progressing.' }] }));
    assert.equal(stuck.state, 'failed');
    assert.match(stuck.message, /exceeded its progress deadline: ReplicaSet "web-1"/);
  });

  it('follows StatefulSet and DaemonSet rollouts, refusing OnDelete', () => {
    const sts = (status: object, spec: object = {}) => ({ metadata: { name: 'db', generation: 1 }, spec: { replicas: 2, ...spec }, status: { observedGeneration: 1, ...status } });
    assert.equal(rolloutStatus('StatefulSet', sts({ readyReplicas: 1 })).message, '1 of 2 pods ready');
    assert.equal(rolloutStatus('StatefulSet', sts({ readyReplicas: 2, updatedReplicas: 1, currentRevision: 'a', updateRevision: 'b' })).state, 'progressing');
    assert.equal(rolloutStatus('StatefulSet', sts({ readyReplicas: 2, currentRevision: 'b', updateRevision: 'b' })).state, 'done');
    assert.equal(rolloutStatus('StatefulSet', sts({}, { updateStrategy: { type: 'OnDelete' } })).state, 'failed');
    const ds = { metadata: { name: 'agent', generation: 1 }, status: { observedGeneration: 1, desiredNumberScheduled: 4, updatedNumberScheduled: 4, numberAvailable: 3 } };
    assert.equal(rolloutStatus('DaemonSet', ds).message, '3 of 4 updated pods available');
    assert.equal(rolloutStatus('DaemonSet', { ...ds, status: { ...ds.status, numberAvailable: 4 } }).state, 'done');
  });

  it('restarts with the restartedAt pod template annotation', () => {
    assert.deepEqual(restartPatch(new Date('2026-11-28T10:00:00Z')), { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-28T10:00:00.000Z' } } } } });
  });

  it('lists events oldest first with their age and count', () => {
    const now = Date.parse('2026-11-28T10:10:00Z');
    const table = eventsTable([
      { type: 'Normal', reason: 'Started', lastTimestamp: '2026-11-28T10:09:00Z', source: { component: 'kubelet' }, message: 'Started container' },
      { type: 'Warning', reason: 'BackOff', lastTimestamp: '2026-11-28T10:09:50Z', count: 4, source: { component: 'kubelet' }, message: 'Back-off restarting' },
      { type: 'Normal', reason: 'Scheduled', eventTime: '2026-11-28T10:00:00Z', reportingComponent: 'default-scheduler', message: 'Assigned' },
    ], now);
    const lines = table.trimEnd().split('\n');
    assert.equal(lines[0], 'Events:');
    assert.deepEqual(lines.slice(3).map((l) => l.trim().split(/\s+/)[1]), ['Scheduled', 'Started', 'BackOff']);
    assert.match(lines[3]!, /10m/);
    assert.match(lines[5]!, /10s \(x4\)/);
    assert.equal(eventsTable([], now), 'Events: <none>\n');
  });
});
