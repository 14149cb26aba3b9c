import * as assert from 'node:assert/strict';
import { compatibleFixes } from '../../../../src/core/lint/compatible-fixes';
import { rangeOf, type Finding } from '../../../../src/core/lint/types';

function finding(ruleId: string, line: number, startCol: number, endCol: number, withFix = true): Finding {
  const range = rangeOf(line, startCol, line, endCol);
  return { ruleId, severity: 'warning', message: ruleId, range, ...(withFix ? { fix: { title: `fix ${ruleId}`, edits: [{ range, newText: 'x' }] } } : {}) };
}

describe('core/lint/compatible-fixes', () => {
  it('keeps every fix when none overlap, ordered by position', () => {
    const out = compatibleFixes([finding('B', 3, 1, 5), finding('A', 1, 1, 5), finding('C', 3, 6, 9)]);
    assert.deepEqual(out.map((f) => f.ruleId), ['A', 'B', 'C']);
  });

  it('drops a fix that overlaps an earlier one, and findings without fixes', () => {
    const out = compatibleFixes([finding('A', 2, 1, 10), finding('B', 2, 5, 12), finding('C', 2, 10, 11), finding('D', 1, 1, 2, false)]);
    assert.deepEqual(out.map((f) => f.ruleId), ['A', 'C']);
  });

  it('spans every edit of a multi-edit fix', () => {
    const multi: Finding = {
      ruleId: 'M',
      severity: 'info',
      message: 'm',
      range: rangeOf(1, 1, 1, 2),
      fix: { title: 'm', edits: [{ range: rangeOf(1, 1, 1, 2), newText: '' }, { range: rangeOf(4, 1, 4, 3), newText: '' }] },
    };
    const out = compatibleFixes([multi, finding('X', 3, 1, 2)]);
    assert.deepEqual(out.map((f) => f.ruleId), ['M']);
  });

  it('takes one of two insertions at the same point (each may add the same key); an edit that only touches another stays', () => {
    const insertion = (ruleId: string, line: number, col: number, newText: string): Finding => {
      const range = rangeOf(line, col, line, col);
      return { ruleId, severity: 'warning', message: ruleId, range, fix: { title: ruleId, edits: [{ range, newText }] } };
    };
    const out = compatibleFixes([insertion('MLK102', 14, 9, 'securityContext: {allowPrivilegeEscalation: false}\n'), insertion('MLK106', 14, 9, 'securityContext: {capabilities: {drop: [ALL]}}\n'), finding('R', 14, 9, 12), insertion('I', 15, 1, 'x')]);
    assert.deepEqual(out.map((f) => f.ruleId), ['MLK102', 'I']);
    assert.deepEqual(compatibleFixes([finding('R', 14, 9, 12), insertion('MLK106', 14, 12, 'y')]).map((f) => f.ruleId), ['R']);
  });
});
