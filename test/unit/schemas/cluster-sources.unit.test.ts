import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheFile, loadClusterCrds } from '../../../src/infra/schemas/cluster-crds';
import { clusterGet } from '../../../src/infra/schemas/cluster-get';

const options = (user: Record<string, unknown>) => ({
  clusters: [{ name: 'c', server: 'https://127.0.0.1:1', skipTLSVerify: false }],
  users: [{ name: 'u', ...user }],
  contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
  currentContext: 'ctx',
});

describe('cluster CRD schema sources: bad input', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlc-crd-unit-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a context that signs in through a credential plugin gets a clear reason, not a crash', async () => {
    await assert.rejects(clusterGet(options({ exec: { command: 'gke-gcloud-auth-plugin', args: [], env: [] } })), /credential plugin "gke-gcloud-auth-plugin".*certificate or token/);
  });

  it('a damaged or foreign cache file is ignored; the problem is reported', async () => {
    writeFileSync(cacheFile(dir, 'ctx'), '{not json');
    assert.deepEqual(await loadClusterCrds('ctx', new Error('cluster down'), dir), { problem: 'cluster down' });
    writeFileSync(cacheFile(dir, 'ctx'), JSON.stringify({ context: 'other', crds: [] }));
    assert.deepEqual(await loadClusterCrds('ctx', new Error('cluster down'), dir), { problem: 'cluster down' });
    writeFileSync(cacheFile(dir, 'ctx'), JSON.stringify({ context: 'ctx', crds: [{ metadata: { name: 'half' } }] }));
    assert.deepEqual(await loadClusterCrds('ctx', new Error('cluster down'), dir), { context: 'ctx', crds: [], from: 'cache', downloaded: 0, problem: 'cluster down' });
  });

  it('gives every context its own cache file, whatever characters its name has', () => {
    assert.notEqual(cacheFile(dir, 'a/b'), cacheFile(dir, 'a_b'));
    assert.match(cacheFile(dir, '../../etc/passwd'), /crds-[0-9a-f]{32}\.json$/);
  });
});
