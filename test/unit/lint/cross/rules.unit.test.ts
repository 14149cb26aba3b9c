import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintWorkspace } from '../../../../src/core/lint/cross/lint';
import { crossRules } from '../../../../src/core/lint/rules/cross';
import { fsWorkspaceView } from '../../../../src/infra/lint/workspace-view';
import { crossFixturesRoot, expectedFindings, loadWorkspace } from './support';

function run(dir: string, ruleId: string): string[] {
  const { files, config } = loadWorkspace(dir);
  config.rules[ruleId] = { ...config.rules[ruleId], severity: 'on' };
  const result = lintWorkspace(files, { config, fs: fsWorkspaceView(dir) });
  assert.deepEqual(result.problems, []);
  return result.findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.path}:${f.ruleId}@${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}`).sort();
}

describe('cross-file rules (MLX) on fixture workspaces', () => {
  it('registers 32 rules with unique IDs and catalogue metadata', () => {
    assert.equal(crossRules.length, 32);
    assert.equal(new Set(crossRules.map((r) => r.meta.id)).size, 32);
    assert.deepEqual(crossRules.filter((r) => !r.meta.enabledByDefault).map((r) => r.meta.id), ['MLX101', 'MLX503']);
  });

  for (const rule of crossRules) {
    const id = rule.meta.id;
    describe(`${id} ${rule.meta.name}`, () => {
      it('has a fail and a pass fixture workspace', () => {
        assert.ok(fs.existsSync(path.join(crossFixturesRoot, id, 'fail')), `${id}/fail missing`);
        assert.ok(fs.existsSync(path.join(crossFixturesRoot, id, 'pass')), `${id}/pass missing`);
      });
      it('flags the fail workspace at the expected file and range', () => {
        const dir = path.join(crossFixturesRoot, id, 'fail');
        const expected = expectedFindings(dir);
        assert.ok(expected.length > 0, 'a fail fixture must expect findings');
        assert.deepEqual(run(dir, id), expected);
      });
      it('stays silent on the near-miss pass workspace', () => {
        assert.deepEqual(run(path.join(crossFixturesRoot, id, 'pass'), id), []);
      });
    });
  }
});
