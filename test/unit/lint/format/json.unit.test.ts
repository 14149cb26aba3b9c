import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { renderJson, toJsonFindings, writeJson } from '../../../../src/core/lint/format/json';
import { writeText } from '../../../../src/core/lint/format/text';
import type { RuleMeta } from '../../../../src/core/lint/types';
import type { LintedFile } from '../../../../src/core/lint/format/report';
import type { Finding } from '../../../../src/core/lint/types';

const position = fc.record({ line: fc.integer({ min: 1, max: 100_000 }), column: fc.integer({ min: 1, max: 5_000 }) });
const finding: fc.Arbitrary<Finding> = fc.record({
  ruleId: fc.constantFrom('MLK002', 'MLD001', 'MLX006', 'MLC101'),
  severity: fc.constantFrom('error', 'warning', 'info', 'hint'),
  // Full Unicode, lone surrogates, quotes, backslashes and control characters: all must be escaped as JSON.stringify does.
  message: fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('"quoted" \\ back\nslash\t\u0000\u2028\ud800')),
  range: fc.record({ start: position, end: position }),
});
const linted: fc.Arbitrary<LintedFile[]> = fc.array(
  fc.record({ file: fc.oneof(fc.constantFrom('a.yaml', 'dir/b.yaml', 'naïve "x".yaml'), fc.string({ minLength: 1 })), findings: fc.array(finding, { maxLength: 6 }), lines: fc.constant([]) }),
  { maxLength: 5 },
);

describe('lint JSON report', () => {
  it('is exactly JSON.stringify(findings, null, 2) plus a line break, for any findings', () => {
    fc.assert(
      fc.property(linted, (files) => {
        assert.equal(renderJson(files), `${JSON.stringify(toJsonFindings(files), null, 2)}\n`);
      }),
      { numRuns: 500 },
    );
  });

  it('writes [] for a clean run and parses back to the findings in report order', () => {
    assert.equal(renderJson([]), '[]\n');
    assert.equal(renderJson([{ file: 'a.yaml', findings: [], lines: [] }]), '[]\n');
    const range = (line: number) => ({ start: { line, column: 3 }, end: { line, column: 9 } });
    const files: LintedFile[] = [
      { file: 'b.yaml', findings: [{ ruleId: 'MLK010', severity: 'warning', message: 'second', range: range(7) }], lines: [] },
      { file: 'a.yaml', findings: [{ ruleId: 'MLK020', severity: 'error', message: 'first', range: range(2) }], lines: [] },
    ];
    assert.deepEqual(JSON.parse(renderJson(files)), [
      { file: 'a.yaml', line: 2, column: 3, endLine: 2, endColumn: 9, ruleId: 'MLK020', severity: 'error', message: 'first' },
      { file: 'b.yaml', line: 7, column: 3, endLine: 7, endColumn: 9, ruleId: 'MLK010', severity: 'warning', message: 'second' },
    ]);
  });

  it('writes a big report in several pieces that add up to the same text (JSON and text formats)', () => {
    const files: LintedFile[] = [0, 1, 2].map((k) => ({
      file: `dir/m${k}.yaml`,
      lines: [],
      findings: Array.from({ length: 1500 }, (_, i) => ({ ruleId: `MLK${100 + (i % 7)}`, severity: 'warning' as const, message: `finding ${i} "quoted" \\ ${'é'.repeat(i % 3)}`, range: { start: { line: i + 1, column: 1 + (i % 9) }, end: { line: i + 1, column: 20 } } })),
    }));
    const jsonPieces: string[] = [];
    writeJson(files, (piece) => jsonPieces.push(piece));
    assert.ok(jsonPieces.length > 5, `${jsonPieces.length} piece(s)`);
    assert.equal(jsonPieces.join(''), `${JSON.stringify(toJsonFindings(files), null, 2)}\n`);

    const meta = new Map<string, RuleMeta>([['MLK101', { name: 'rule-one' } as RuleMeta]]);
    const textPieces: string[] = [];
    writeText(files, meta, (piece) => textPieces.push(piece));
    assert.ok(textPieces.length > 3, `${textPieces.length} piece(s)`);
    const expected = toJsonFindings(files).map((f) => `${f.file}:${f.line}:${f.column}: ${f.severity} ${f.ruleId} ${f.message}${f.ruleId === 'MLK101' ? ' [rule-one]' : ''}\n`).join('');
    assert.equal(textPieces.join(''), expected);
  });
});
