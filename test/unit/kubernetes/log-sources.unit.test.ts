import * as assert from 'node:assert/strict';
import { admitSources, classifyLogFailure, podLogSnapshot, wantedSources, watchProblemText } from '../../../src/core/kubernetes/log-sources';
import type { Pod } from '../../../src/core/kubernetes/objects';

const pod = (name: string, phase: string, containers: { name: string; waiting?: string; running?: boolean; restarts?: number }[]): Pod => ({
  metadata: { name, uid: `uid-${name}` },
  spec: { containers: containers.map((c) => ({ name: c.name })) },
  status: {
    phase,
    containerStatuses: containers.map((c) => ({
      name: c.name,
      ready: !!c.running,
      restartCount: c.restarts ?? 0,
      state: c.running ? { running: {} } : c.waiting ? { waiting: { reason: c.waiting } } : { terminated: { exitCode: 0 } },
    })),
  },
});

describe('Kubernetes merged log sources (pure)', () => {
  it('sees which containers can serve logs and which have not started yet', () => {
    const s = podLogSnapshot(pod('web-1', 'Pending', [{ name: 'app', waiting: 'ContainerCreating' }, { name: 'sidecar', running: true }]));
    assert.deepEqual(s, { name: 'web-1', uid: 'uid-web-1', finished: false, phase: 'Pending', containers: [{ name: 'app', waiting: 'ContainerCreating' }, { name: 'sidecar' }] });
    const crashing = podLogSnapshot(pod('web-2', 'Running', [{ name: 'app', waiting: 'CrashLoopBackOff', restarts: 3 }]));
    assert.deepEqual(crashing.containers, [{ name: 'app' }], 'a restarted container has logs of its last run');
    const done = podLogSnapshot(pod('job-1', 'Succeeded', [{ name: 'main' }]));
    assert.equal(done.finished, true);
    const noStatus = podLogSnapshot({ metadata: { name: 'new' }, spec: { containers: [{ name: 'a' }] } });
    assert.deepEqual(noStatus.containers, [{ name: 'a', waiting: 'not started' }]);
    const unscheduled = podLogSnapshot({ metadata: { name: 'new' }, spec: { containers: [{ name: 'a' }] }, status: { phase: 'Pending' } });
    assert.deepEqual(unscheduled.containers, [{ name: 'a', waiting: 'pod Pending' }]);
  });

  it('wants every container of every pod in name order, or one container by name', () => {
    const pods = [podLogSnapshot(pod('b', 'Running', [{ name: 'x', running: true }, { name: 'y', running: true }])), podLogSnapshot(pod('a', 'Running', [{ name: 'x', running: true }]))];
    assert.deepEqual(wantedSources(pods).map((s) => s.key), ['a/x', 'b/x', 'b/y']);
    assert.deepEqual(wantedSources(pods, 'y'), [{ key: 'b/y', pod: 'b', container: 'y' }]);
    assert.deepEqual(wantedSources([]), []);
  });

  it('admits sources up to the cap on concurrent streams and counts the rest', () => {
    const refs = Array.from({ length: 25 }, (_, i) => ({ key: `p${i}/c`, pod: `p${i}`, container: 'c' }));
    assert.deepEqual(admitSources(refs, 0, 20).start.length, 20);
    assert.equal(admitSources(refs, 0, 20).overCap, 5);
    assert.deepEqual(admitSources(refs, 18, 20).start.map((s) => s.key), ['p0/c', 'p1/c']);
    assert.deepEqual(admitSources(refs, 22, 20), { start: [], overCap: 25 });
    assert.deepEqual(admitSources(refs.slice(0, 3), 0, 20), { start: refs.slice(0, 3), overCap: 0 });
  });

  it('classifies failed log requests', () => {
    assert.equal(classifyLogFailure(400, 'container "app" in pod "web-1" is waiting to start: ContainerCreating').kind, 'waiting');
    assert.equal(classifyLogFailure(403, 'pods "web-1" is forbidden: User "dev" cannot get resource "pods/log"').kind, 'forbidden');
    assert.match(classifyLogFailure(403, 'forbidden').text, /^not allowed to read logs: forbidden$/);
    assert.equal(classifyLogFailure(404, 'pods "web-1" not found').kind, 'gone');
    assert.deepEqual(classifyLogFailure(undefined, 'connect ECONNREFUSED 127.0.0.1:6443'), { kind: 'connection', text: 'connection lost (connect ECONNREFUSED 127.0.0.1:6443)' });
    assert.equal(classifyLogFailure(503, 'unavailable').kind, 'connection');
    assert.equal(classifyLogFailure(400, 'container "nope" is not valid for pod "web-1"').kind, 'rejected');
  });

  it('says what a failed watch means: rejected credentials, no permission, or no connection', () => {
    assert.equal(watchProblemText('HTTP 401: Unauthorized', 2000), 'The cluster rejected the credentials: HTTP 401: Unauthorized; retrying in 2 s');
    assert.equal(watchProblemText('HTTP 403: pods is forbidden', 500), 'Not allowed to watch the pods: HTTP 403: pods is forbidden; retrying in 1 s');
    assert.equal(watchProblemText('connect ECONNREFUSED 127.0.0.1:6443', 4000), 'Cannot reach the cluster: connect ECONNREFUSED 127.0.0.1:6443; retrying in 4 s');
  });
});
