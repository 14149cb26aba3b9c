import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { WorkspaceFinding } from '../../../../src/core/lint/cross/lint';
import { lintWorkspace } from '../../../../src/core/lint/cross/lint';
import { fsWorkspaceView } from '../../../../src/infra/lint/workspace-view';
import { loadWorkspace } from './support';

/** Every finding on a tree of files (`{ 'docker/compose.yaml': '…' }`) written to a temporary folder, linted as a workspace. */
export function lintTree(tree: Record<string, string>): WorkspaceFinding[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-tree-'));
  try {
    for (const [rel, text] of Object.entries(tree)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    const { files, config } = loadWorkspace(dir);
    const result = lintWorkspace(files, { config, fs: fsWorkspaceView(dir) });
    assert.deepEqual(result.problems, []);
    return result.findings;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
