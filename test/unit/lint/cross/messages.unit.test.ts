import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { lintWorkspace } from '../../../../src/core/lint/cross/lint';
import { fsWorkspaceView } from '../../../../src/infra/lint/workspace-view';
import { crossFixturesRoot, loadWorkspace } from './support';

/** The findings of one rule in one file of a fixture workspace. */
function findingsIn(ruleId: string, workspace: 'fail' | 'pass', file: string) {
  const dir = path.join(crossFixturesRoot, ruleId, workspace);
  const { files, config } = loadWorkspace(dir);
  return lintWorkspace(files, { config, fs: fsWorkspaceView(dir) }).findings.filter((f) => f.ruleId === ruleId && f.path === file);
}

describe('cross-file rule messages name what the reader must change', () => {
  it('MLX006: a Service whose pods are in another namespace names that workload and offers no label rewrite', () => {
    const [finding, ...rest] = findingsIn('MLX006', 'fail', 'pinned-namespace.yaml');
    assert.equal(rest.length, 0);
    assert.match(finding?.message ?? '', /Deployment embedder in namespace serving matches it/);
    assert.equal(finding?.fix, undefined);
  });

  it('MLX016: a podSelector peer beside a namespaceSelector-only peer suggests merging them into one peer', () => {
    const [finding, ...rest] = findingsIn('MLX016', 'fail', 'split-peer.yaml');
    assert.equal(rest.length, 0);
    assert.match(finding?.message ?? '', /merge the two into one peer \(drop the "-" before namespaceSelector\)/);
    const [plain] = findingsIn('MLX016', 'fail', 'app.yaml');
    assert.doesNotMatch(plain?.message ?? '', /namespaceSelector/);
    assert.match(plain?.message ?? '', /align it with the workloads' template labels\.$/);
  });

  it('MLX002: a Dockerfile with no declared context says the folders above it were searched too', () => {
    const [finding] = findingsIn('MLX002', 'fail', 'docker/dev.Dockerfile');
    assert.match(finding?.message ?? '', /is neither in docker \(the Dockerfile's folder, the context when none is declared\) nor in any folder above it/);
  });

  it('MLX011: the message names both the request and the limit Kubernetes would copy into it', () => {
    const [finding] = findingsIn('MLX011', 'fail', 'other-limit-only.yaml');
    assert.match(finding?.message ?? '', /set neither resources\.requests\.cpu nor limits\.cpu/);
  });
});
