import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { sortedEntries, sortedFiles } from '../../../../src/core/lint/format/report';
import type { LintedFile } from '../../../../src/core/lint/format/report';
import type { Finding } from '../../../../src/core/lint/types';

/** The definition: one stable sort of every finding by file name, line, column and rule ID (localeCompare). */
function referenceOrder(files: readonly LintedFile[]): { file: LintedFile; finding: Finding }[] {
  const entries = files.flatMap((file) => file.findings.map((finding) => ({ file, finding })));
  return entries.sort(
    (a, b) =>
      (a.file.file < b.file.file ? -1 : a.file.file > b.file.file ? 1 : 0) ||
      a.finding.range.start.line - b.finding.range.start.line ||
      a.finding.range.start.column - b.finding.range.start.column ||
      a.finding.ruleId.localeCompare(b.finding.ruleId),
  );
}

const position = fc.record({ line: fc.integer({ min: 1, max: 4 }), column: fc.integer({ min: 1, max: 3 }) });
// Rule IDs whose localeCompare order differs from code-unit order (case, accents, punctuation), and equal ones.
const ruleId = fc.constantFrom('MLK002', 'MLK010', 'MLX006', 'mlk005', 'MLK-1', 'MLK_1', 'Élan', 'elan', 'Z', 'a');
let serial = 0;
const finding: fc.Arbitrary<Finding> = fc.record({
  ruleId,
  severity: fc.constantFrom('error', 'warning'),
  // A serial number tells equal-keyed findings apart, so a sort that is not stable shows.
  message: fc.constant('').map(() => `#${serial++}`),
  range: fc.record({ start: position, end: position }),
});
// Few names, so files with the same name (their findings interleave) come up often.
const files: fc.Arbitrary<LintedFile[]> = fc.array(
  fc.record({ file: fc.constantFrom('a.yaml', 'B.yaml', 'b.yaml', 'dir/a.yaml', 'é.yaml'), findings: fc.array(finding, { maxLength: 8 }), lines: fc.constant([]) }),
  { maxLength: 6 },
);

describe('lint report order', () => {
  it('sortedEntries is the one stable sort of the definition, with each finding beside its own file', () => {
    fc.assert(
      fc.property(files, (fs) => {
        const expected = referenceOrder(fs);
        const actual = sortedEntries(fs);
        assert.equal(actual.length, expected.length);
        actual.forEach((e, k) => {
          assert.equal(e.finding, expected[k]?.finding);
          assert.equal(e.file, expected[k]?.file);
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('sortedFiles gives the same findings in the same order, one group per file name', () => {
    fc.assert(
      fc.property(files, (fs) => {
        const expected = referenceOrder(fs);
        const groups = sortedFiles(fs);
        assert.deepEqual(
          groups.map((g) => g.file.file),
          [...new Set(fs.map((f) => f.file))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
        );
        const flat = groups.flatMap((g) => g.findings.map((finding) => ({ name: g.file.file, finding })));
        assert.equal(flat.length, expected.length);
        flat.forEach((e, k) => {
          assert.equal(e.finding, expected[k]?.finding);
          assert.equal(e.name, expected[k]?.file.file);
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('leaves each file\'s own finding list as it was', () => {
    const range = (line: number) => ({ start: { line, column: 1 }, end: { line, column: 2 } });
    const findings: Finding[] = [
      { ruleId: 'MLK2', severity: 'error', message: 'later', range: range(9) },
      { ruleId: 'MLK1', severity: 'error', message: 'earlier', range: range(1) },
    ];
    const file: LintedFile = { file: 'a.yaml', findings, lines: [] };
    assert.deepEqual(sortedFiles([file])[0]?.findings.map((f) => f.message), ['earlier', 'later']);
    assert.deepEqual(file.findings.map((f) => f.message), ['later', 'earlier']);
  });
});
