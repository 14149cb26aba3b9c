import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { compatibleFixes } from '../../../../src/core/lint/compatible-fixes';
import type { MlcConfig } from '../../../../src/core/lint/config';
import type { ManifestSchemas } from '../../../../src/core/lint/kubernetes/rule';
import type { Finding, InputProblem } from '../../../../src/core/lint/types';
import { fixtureSchemas } from '../kubernetes/support';
import { manifestArb } from './support/manifest-arbitraries';
import { mutated } from './support/mutate';
import { allRegisteredRules, everyRuleOn, importModule, lintRoot } from './support/registries';
import { checkProperty, expensivePropertyRuns, timeoutFor } from './support/runs';
import { applyEdits, rangeProblem } from './support/text';

type LintFn = (text: string, options: { config?: MlcConfig; path?: string; schemas?: ManifestSchemas }) => { findings: Finding[]; problems: InputProblem[] };
type ParseFn = (text: string) => unknown;

/**
 * Huge tokens stay ≤ 300 characters here: the yaml package needs ~0.1–0.4 s for a 2,000-deep `[[[…`,
 * which would dominate the sample (the hostile-input unit tests cover big inputs once each).
 * The Kubernetes-manifest layer is found at run time (src/core/lint/yaml + a module exporting
 * `lintManifest`), so this suite starts testing it as soon as it exists, with every registered rule on.
 */
const yamlParseModule = path.join(lintRoot, 'yaml/parse.ts');
const manifestLintModule = path.join(lintRoot, 'kubernetes/lint.ts');

if (existsSync(yamlParseModule) && existsSync(manifestLintModule)) {
  describe('property: YAML parser and Kubernetes manifest rules on random and mutated manifests', function () {
    this.timeout(timeoutFor(expensivePropertyRuns, 150));
    let parseYaml: ParseFn;
    let lintManifest: LintFn;
    let config: MlcConfig;
    let ids: string[];
    const hostile = fc.oneof({ arbitrary: mutated(manifestArb, 4, 300), weight: 4 }, { arbitrary: manifestArb, weight: 2 }, { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 1 });

    before(async () => {
      parseYaml = (await importModule(yamlParseModule)).parseYaml as ParseFn;
      lintManifest = (await importModule(manifestLintModule)).lintManifest as LintFn;
      assert.equal(typeof parseYaml, 'function', 'src/core/lint/yaml/parse.ts exports no parseYaml');
      assert.equal(typeof lintManifest, 'function', 'src/core/lint/kubernetes/lint.ts exports no lintManifest');
      ids = (await allRegisteredRules()).map((r) => r.meta.id);
      config = everyRuleOn(ids);
    });

    /** YAML positions: lines split on `\n` (a `\r` before it belongs to the line). */
    function lintChecked(text: string) {
      // With the bundled schemas: MLK002 validates too, operators' pod templates included.
      const result = lintManifest(text, { config, path: 'k8s/manifest.yaml', schemas: fixtureSchemas() });
      assert.deepEqual(result.problems.filter((p) => p.message.startsWith('internal error')), [], 'a rule threw');
      const lines = text.split('\n');
      for (const f of result.findings) {
        const problem = rangeProblem(f.range, lines);
        assert.equal(problem, undefined, `${f.ruleId} range ${JSON.stringify(f.range)}: ${problem ?? ''}`);
        assert.ok(ids.includes(f.ruleId), `unknown rule ID ${f.ruleId}`);
        for (const e of f.fix?.edits ?? []) {
          const edit = rangeProblem(e.range, lines);
          assert.equal(edit, undefined, `${f.ruleId} fix edit ${JSON.stringify(e.range)}: ${edit ?? ''}`);
        }
      }
      return result;
    }

    it('parseYaml never throws', () => {
      checkProperty('yaml-parse', hostile, (text) => {
        parseYaml(text);
      }, expensivePropertyRuns);
    });

    it('lintManifest with every rule on never throws; ranges and fix edits lie inside the text; fixed text still lints', () => {
      checkProperty('yaml-lint-fix', hostile, (text) => {
        const { findings } = lintChecked(text);
        const edits = compatibleFixes(findings).flatMap((f) => f.fix?.edits ?? []);
        if (edits.length > 0) {
          lintChecked(applyEdits(text, edits));
        }
      }, expensivePropertyRuns);
    });
  });
}
