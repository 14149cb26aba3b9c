import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import type { MlcConfig } from '../../../../src/core/lint/config';
import { compatibleFixes } from '../../../../src/core/lint/compatible-fixes';
import { parseDockerfile } from '../../../../src/core/lint/dockerfile/parse';
import type { Instruction } from '../../../../src/core/lint/dockerfile/model';
import { lintDockerfile, type LintResult } from '../../../../src/core/lint/engine';
import type { BuildContextView } from '../../../../src/core/lint/rule';
import { dockerfileArb } from './support/dockerfile-arbitraries';
import { mutated } from './support/mutate';
import { allRegisteredRules, everyRuleOn } from './support/registries';
import { checkProperty, propertyRuns, timeoutFor } from './support/runs';
import { applyEdits, insertLineBefore, linesOf, positionedText, rangeProblem } from './support/text';

/** Every COPY source is "huge", so the context-size rules run too. */
const bigContext: BuildContextView = { sizeOf: () => 100 * 1024 * 1024 };

describe('property: Dockerfile parser and every rule on random and mutated input', function () {
  this.timeout(timeoutFor(propertyRuns));
  let ids: string[] = [];
  let config: MlcConfig;
  let cpuOnlyConfig: MlcConfig;
  let generated: fc.Arbitrary<string>;
  let hostile: fc.Arbitrary<string>;

  before(async () => {
    ids = (await allRegisteredRules()).map((r) => r.meta.id);
    assert.ok(ids.some((id) => id.startsWith('MLD')), 'no Dockerfile rule registry found');
    config = everyRuleOn(ids);
    cpuOnlyConfig = { ...everyRuleOn(ids), cpuOnly: true };
    generated = dockerfileArb(ids).map((d) => d.text);
    hostile = fc.oneof(
      { arbitrary: mutated(generated), weight: 6 },
      { arbitrary: generated, weight: 2 },
      { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 1 },
      { arbitrary: fc.string({ unit: fc.constantFrom('F', 'R', 'O', 'M', 'U', 'N', ' ', '\\', '`', '\n', '\r', '"', "'", '[', ']', '$', '{', '}', '<', '-', '#', '=', 'E', ':', '@'), maxLength: 300 }), weight: 2 },
    );
  });

  function lintChecked(text: string): LintResult {
    // Half the inputs (by length parity, deterministic) lint as a CPU-only project, which switches some ML rules.
    const result = lintDockerfile(text, { config: text.length % 2 === 0 ? config : cpuOnlyConfig, buildContext: bigContext, path: 'Dockerfile' });
    const internal = result.problems.filter((p) => p.message.startsWith('internal error'));
    assert.deepEqual(internal, [], 'a rule threw');
    const lines = linesOf(text);
    for (const f of result.findings) {
      const problem = rangeProblem(f.range, lines);
      assert.equal(problem, undefined, `${f.ruleId} range ${JSON.stringify(f.range)}: ${problem ?? ''}`);
      assert.ok(ids.includes(f.ruleId), `unknown rule ID ${f.ruleId}`);
    }
    return result;
  }

  it('the parser never throws, keeps every line, and its ranges lie inside the text', () => {
    checkProperty('dockerfile-parse', hostile, (text) => {
      const parsed = parseDockerfile(text);
      const lines = linesOf(text);
      assert.deepEqual(parsed.lines, lines);
      const check = (what: string, r: Parameters<typeof rangeProblem>[0]): void => assert.equal(rangeProblem(r, lines), undefined, `${what} ${JSON.stringify(r)}`);
      const visit = (i: Instruction): void => {
        check(`${i.keyword} range`, i.range);
        check(`${i.keyword} keyword`, i.keywordRange);
        assert.ok(i.startLine <= i.endLine && i.endLine <= lines.length, `${i.keyword} lines ${i.startLine}-${i.endLine}`);
        i.words.forEach((w) => check(`${i.keyword} word`, w.range));
        i.flags.forEach((fl) => check(`${i.keyword} flag`, fl.range));
        i.json?.forEach((j) => check(`${i.keyword} json`, j.range));
        if (i.trigger) {
          visit(i.trigger);
        }
      };
      parsed.instructions.forEach(visit);
      parsed.comments.forEach((c) => check('comment', c.range));
      parsed.directives.forEach((d) => check('directive', d.range));
    });
  });

  it('lintDockerfile with every rule on never throws and reports ranges inside the text', () => {
    checkProperty('dockerfile-lint', hostile, (text) => {
      lintChecked(text);
    });
  });

  it('fix edits lie inside the text; applying all compatible fixes yields text that still lints', () => {
    checkProperty('dockerfile-fix', hostile, (text) => {
      const { findings } = lintChecked(text);
      const lines = linesOf(text);
      for (const f of findings) {
        for (const e of f.fix?.edits ?? []) {
          const problem = rangeProblem(e.range, lines);
          assert.equal(problem, undefined, `${f.ruleId} fix edit ${JSON.stringify(e.range)}: ${problem ?? ''}`);
        }
      }
      const edits = compatibleFixes(findings).flatMap((f) => f.fix?.edits ?? []);
      if (edits.length > 0) {
        lintChecked(applyEdits(positionedText(text), edits));
      }
    });
  });

  it('`# mlc-ignore <ID>` above an instruction removes that rule\'s findings on it', () => {
    const arb = fc.tuple(fc.oneof(generated, mutated(generated, 2)), fc.nat());
    checkProperty('dockerfile-suppress', arb, ([raw, pick]) => {
      const text = positionedText(raw);
      const { findings } = lintChecked(text);
      const instructions = parseDockerfile(text).instructions;
      const onInstruction = findings
        .map((f) => ({ f, instr: instructions.find((i) => i.startLine <= f.range.start.line && f.range.start.line <= i.endLine) }))
        .filter((x): x is { f: typeof x.f; instr: Instruction } => x.instr !== undefined);
      // A few per case keep the run light; `pick` varies which ones.
      for (let n = 0; n < Math.min(3, onInstruction.length); n++) {
        const { f, instr } = onInstruction[(pick + n) % onInstruction.length] as (typeof onInstruction)[number];
        const suppressed = insertLineBefore(text, instr.startLine, `# mlc-ignore ${f.ruleId}`);
        const after = lintChecked(suppressed).findings.filter((g) => g.ruleId === f.ruleId && g.range.start.line > instr.startLine && g.range.start.line <= instr.endLine + 1);
        assert.deepEqual(after, [], `${f.ruleId} still reported on the ${instr.keyword} at line ${instr.startLine} after # mlc-ignore`);
      }
    });
  });
});
