import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import type { KubernetesRule } from '../../../../src/core/lint/kubernetes/rule';
import type { RuleFinding } from '../../../../src/core/lint/types';

/** A rule that reports whatever it is given, on every document. */
function reporting(found: RuleFinding[]): KubernetesRule {
  return {
    meta: { id: 'MLK999', name: 'test-rule', family: 'correctness', severity: 'warning', enabledByDefault: true, fixable: false, ml: false, equivalents: {}, description: 'Reports what the test gives it.' },
    check: () => found.map((f) => ({ ...f, range: { start: { ...f.range.start }, end: { ...f.range.end } } })),
  };
}

const at = (line: number, column: number, message: string): RuleFinding => ({ range: { start: { line, column }, end: { line, column: column + 3 } }, message });
const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n';
const reported = (found: RuleFinding[]): string[] => lintManifest(text, { rules: [reporting(found)], fixes: false }).findings.map((f) => `${f.range.start.line}:${f.range.start.column}-${f.range.end.column} ${f.message}`);

describe('lintManifest: a rule reporting the same finding twice on a document (a node several pods share)', () => {
  it('keeps one of each range and message, a few findings (compared pairwise)', () => {
    const found = [at(1, 0, 'x'), at(1, 0, 'x'), at(1, 0, 'y'), at(2, 0, 'x'), at(1, 1, 'x'), at(2, 0, 'x')];
    assert.deepEqual(reported(found), ['1:0-3 x', '1:0-3 y', '1:1-4 x', '2:0-3 x']);
  });

  it('keeps one of each range and message, many findings (by key)', () => {
    const found: RuleFinding[] = [];
    for (let i = 0; i < 40; i++) {
      found.push(at(i % 4, 0, `m${i % 5}`));
    }
    // 20 distinct (line, message) pairs: i % 4 and i % 5 repeat together every 20.
    const out = reported(found);
    assert.equal(out.length, 20);
    assert.equal(new Set(out).size, 20);
  });

  it('a finding whose range differs only in its end is another finding', () => {
    const a = at(1, 0, 'x');
    const b: RuleFinding = { range: { start: { line: 1, column: 0 }, end: { line: 1, column: 9 } }, message: 'x' };
    assert.equal(reported([a, b, a, b]).length, 2);
  });
});
