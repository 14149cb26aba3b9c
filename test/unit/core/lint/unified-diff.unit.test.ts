import * as assert from 'node:assert/strict';
import { applyPatch } from 'diff';
import * as fc from 'fast-check';
import { unifiedDiff } from '../../../../src/core/lint/unified-diff';

const lines = fc.array(fc.constantFrom('a\n', 'b\n', '\n', 'key: 1\n', '  - x\n', 'c\r\n', 'FROM x\n'), { maxLength: 40 });

describe('core/lint/unified-diff', () => {
  it('writes the hunks git apply reads: context, a changed line, an insertion, a missing last newline', () => {
    assert.equal(unifiedDiff('a\nb\nc\n', 'a\nB\nc\n', 'a/f', 'b/f'), '--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n');
    assert.equal(unifiedDiff('1\n2\n3\n4\n5\n6\n7\n8\n9\n', '1\n2\n3\n4\nnew\n5\n6\n7\n8\n9\n', 'a/f', 'b/f'), '--- a/f\n+++ b/f\n@@ -2,6 +2,7 @@\n 2\n 3\n 4\n+new\n 5\n 6\n 7\n');
    assert.equal(unifiedDiff('x', 'x\ny\n', 'a/f', 'b/f'), '--- a/f\n+++ b/f\n@@ -1,1 +1,2 @@\n-x\n\\ No newline at end of file\n+x\n+y\n');
    assert.equal(unifiedDiff('same\n', 'same\n', 'a/f', 'b/f'), '');
  });

  it('every diff turns the old text into the new one (jsdiff applies it), on random edits', () => {
    fc.assert(
      fc.property(lines, fc.array(fc.tuple(fc.nat(40), fc.nat(3), lines.map((l) => l.slice(0, 3))), { maxLength: 6 }), (base, edits) => {
        let after = [...base];
        for (const [at, remove, insert] of edits) {
          after.splice(Math.min(at, after.length), remove, ...insert);
        }
        after = after.filter((l) => l !== undefined);
        const [before, next] = [base.join(''), after.join('')];
        const patch = unifiedDiff(before, next, 'a/f', 'b/f');
        if (before === next) {
          assert.equal(patch, '');
          return;
        }
        assert.equal(applyPatch(before, patch), next, patch);
      }),
      { numRuns: 2000 },
    );
  });

  it('stays linear on a big file with scattered changes', () => {
    const before = Array.from({ length: 50_000 }, (_, k) => `line ${k % 7 === 0 ? '' : k}\n`).join('');
    const after = before.replace(/line 5(\d)\n/g, 'line 5$1\n  added: true\n');
    const patch = unifiedDiff(before, after, 'a/f', 'b/f');
    assert.equal(applyPatch(before, patch), after);
  });
});
