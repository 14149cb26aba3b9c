import * as assert from 'node:assert/strict';
import { loadingNode } from '../../../src/core/kubernetes/list-progress';
import { inRange, podRanges } from '../../../src/core/kubernetes/pod-ranges';
import { watchErrorNode } from '../../../src/core/kubernetes/watch-error';

const names = (n: number) => Array.from({ length: n }, (_, i) => `p-${String(i).padStart(5, '0')}`);

describe('core/kubernetes pod ranges, the loading node and watch error nodes', () => {
  it('keeps up to a range\'s worth flat, and splits more into ranges named by their first and last pod', () => {
    assert.equal(podRanges(names(1000)), undefined);
    assert.deepEqual(podRanges(names(2500)), [
      { index: 0, first: 'p-00000', last: 'p-00999', count: 1000 },
      { index: 1, first: 'p-01000', last: 'p-01999', count: 1000 },
      { index: 2, first: 'p-02000', last: 'p-02499', count: 500 },
    ]);
    assert.deepEqual(inRange(names(2500), 2).length, 500);
    assert.deepEqual(inRange(names(2500), 3), [], 'a range past the end (the list shrank) is empty');
  });

  it('uses ranges from the first page on when the list is expected to be long, so the tree does not switch while loading', () => {
    assert.deepEqual(podRanges(names(500), 10_000), [{ index: 0, first: 'p-00000', last: 'p-00499', count: 500 }]);
    assert.equal(podRanges(names(500), 800), undefined);
  });

  it('says how far the list has got, with the estimate when the server gave one', () => {
    assert.deepEqual(loadingNode('ctx/ns/ml/pods', 'pods', 500, 10_000), {
      kind: 'message',
      id: 'ctx/ns/ml/pods/loading',
      label: 'Loading pods… 500 of ~10,000',
      tooltip: 'The list arrives page by page; the tree refreshes as pages arrive, then follows changes live.',
      icon: 'loading',
    });
    assert.equal((loadingNode('x', 'nodes', 1500) as { label: string }).label, 'Loading nodes… 1,500');
  });

  it('labels a failed watch by what went wrong: credentials, permissions, or reaching the cluster', () => {
    const label = (message: string) => (watchErrorNode('p', message, 2000) as { label: string }).label;
    assert.equal(label('HTTP 401: Unauthorized'), 'The cluster rejected the credentials');
    assert.equal(label('HTTP 403: pods is forbidden: User "dev" cannot list resource "pods"'), 'Not allowed to list this');
    assert.equal(label('connect ECONNREFUSED 127.0.0.1:6443'), 'Cannot reach the cluster');
    assert.deepEqual(watchErrorNode('ctx/nodes', 'HTTP 403: Forbidden', 4000), {
      kind: 'message',
      id: 'ctx/nodes/error',
      label: 'Not allowed to list this',
      description: 'retrying in 4 s',
      tooltip: 'HTTP 403: Forbidden',
      icon: 'warning',
    });
  });
});
