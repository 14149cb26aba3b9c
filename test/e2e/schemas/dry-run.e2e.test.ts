// The valid fixture of every built-in kind our 1.34 schemas bundle is accepted by the real API server
// (server-side dry-run: nothing is persisted), so "validates clean" means what the server means.
import * as assert from 'node:assert/strict';
import { stringify } from 'yaml';
import { Kubectl, releaseCluster, upCluster } from '../cluster/cluster';
import { bundledStore, instanceOf } from '../../fixtures/schemas/instances';

const lease = `schemas-dry-run-${process.pid}`;

describe('bundled Kubernetes 1.34 kinds against the real API server', function () {
  this.timeout(300_000);
  let kubectl: Kubectl;

  before(async () => {
    const { info } = await upCluster(lease, 280_000);
    assert.match(info.kubernetesVersion, /^v1\.34\./);
    kubectl = new Kubectl(info);
  });

  after(async () => {
    await releaseCluster(lease);
  });

  it('accepts every generated valid fixture with kubectl apply --dry-run=server', async () => {
    const store = bundledStore();
    const kinds = store.kinds('1.34').filter((k) => k.origin.startsWith('Kubernetes'));
    assert.ok(kinds.length >= 50, `only ${kinds.length} built-in kinds`);
    const text = kinds.map((k) => stringify(instanceOf(k, store))).join('---\n');
    const r = await kubectl.run(['apply', '--dry-run=server', '--namespace', 'default', '-f', '-'], { input: text, timeoutMs: 120_000 });
    assert.equal(r.code, 0, r.stderr);
    const accepted = r.stdout.split('\n').filter((l) => /\((server dry run)\)$/.test(l));
    assert.equal(accepted.length, kinds.length, r.stdout);
  });
});
