import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compatibleFixes } from '../../../src/core/lint/compatible-fixes';
import { lintCompose } from '../../../src/core/lint/compose/lint';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { lintManifest } from '../../../src/core/lint/kubernetes/lint';
import { composeRules } from '../../../src/core/lint/rules/compose';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import { kubernetesRules } from '../../../src/core/lint/rules/kubernetes';
import type { Finding } from '../../../src/core/lint/types';
import { parseYaml } from '../../../src/core/lint/yaml/parse';
import { fsBuildContext } from '../../../src/infra/lint/build-context';
import { composeFixtureConfig, composeFixturesRoot, listComposeFixtures } from './compose/support';
import { dockerfileFixturesRoot, fixtureConfig, listFixtures } from './fixtures';
import { fixtureSchemas, kubernetesFixturesRoot, listManifestFixtures, manifestFixtureConfig } from './kubernetes/support';
import { applyEdits } from './property/support/text';

interface Family {
  name: string;
  root: string;
  rules: readonly { meta: { id: string; fixable: boolean } }[];
  list(dir: string): string[];
  /** The findings of one rule on a fixture's text. */
  lint(text: string, ruleDir: string, file: string, rule: unknown): Finding[];
  /** Why the text no longer reads as before (a YAML error, a document lost), or undefined. */
  broken?(before: string, after: string): string | undefined;
}

function yamlBreakage(before: string, after: string): string | undefined {
  const [a, b] = [parseYaml(before), parseYaml(after)];
  if (b.documents.length !== a.documents.length) {
    return `${a.documents.length} documents became ${b.documents.length}`;
  }
  // The parser's errors and the linter's own YAML issues (duplicate keys).
  const errors = (file: typeof a) => file.problems.length + file.documents.reduce((n, d) => n + d.issues.length, 0);
  return errors(b) > errors(a) ? `the fix adds a YAML error: ${JSON.stringify(b.documents.flatMap((d) => d.issues.map((i) => i.message))[0] ?? b.problems[0])}` : undefined;
}

const families: Family[] = [
  {
    name: 'Dockerfile',
    root: dockerfileFixturesRoot,
    rules: dockerfileRules,
    list: listFixtures,
    lint: (text, ruleDir, file, rule) =>
      lintDockerfile(text, { config: fixtureConfig(ruleDir, file, (rule as { meta: { id: string } }).meta.id), rules: [rule as (typeof dockerfileRules)[number]], buildContext: fsBuildContext(path.dirname(file)) }).findings,
  },
  {
    name: 'Kubernetes',
    root: kubernetesFixturesRoot,
    rules: kubernetesRules,
    list: listManifestFixtures,
    lint: (text, ruleDir, file, rule) =>
      lintManifest(text, { config: manifestFixtureConfig(ruleDir, file, (rule as { meta: { id: string } }).meta.id), rules: [rule as (typeof kubernetesRules)[number]], schemas: fixtureSchemas() }).findings,
    broken: yamlBreakage,
  },
  {
    name: 'Compose',
    root: composeFixturesRoot,
    rules: composeRules,
    list: listComposeFixtures,
    lint: (text, ruleDir, file, rule) =>
      lintCompose(text, { config: composeFixtureConfig(ruleDir, file, (rule as { meta: { id: string } }).meta.id), rules: [rule as (typeof composeRules)[number]], path: path.basename(file) }).findings,
    broken: yamlBreakage,
  },
];

/**
 * A quick fix must do what it says: applied alone, it removes the finding it came with and breaks nothing the
 * parser reads; applied together ("Fix All Auto-Fixable Problems"), the fixes leave none of the fixed findings.
 */
describe('quick fixes on the golden fixtures: each removes its finding and keeps the file readable', () => {
  for (const family of families) {
    describe(family.name, () => {
      for (const rule of family.rules.filter((r) => r.meta.fixable)) {
        const id = rule.meta.id;
        const ruleDir = path.join(family.root, id);
        for (const file of family.list(path.join(ruleDir, 'fail'))) {
          it(`${id} fail/${path.basename(file)}`, () => {
            const text = fs.readFileSync(file, 'utf8');
            const findings = family.lint(text, ruleDir, file, rule);
            const fixed = findings.filter((f) => f.fix && f.fix.edits.length > 0);
            for (const f of fixed) {
              const after = applyEdits(text, f.fix?.edits ?? []);
              const label = `${f.fix?.title} (line ${f.range.start.line})`;
              assert.notEqual(after, text, `${label}: the fix changes nothing`);
              assert.equal(family.broken?.(text, after), undefined, label);
              const left = family.lint(after, ruleDir, file, rule);
              assert.ok(left.length < findings.length, `${label}: still ${left.length} of ${findings.length} findings: ${left.map((l) => `${l.range.start.line}: ${l.message}`).join(' | ')}`);
            }
            const all = compatibleFixes(findings);
            if (all.length > 0) {
              const after = applyEdits(text, all.flatMap((f) => f.fix?.edits ?? []));
              assert.equal(family.broken?.(text, after), undefined, 'all fixes together');
              const left = family.lint(after, ruleDir, file, rule);
              assert.ok(left.length <= findings.length - all.length, `fix all: ${left.length} of ${findings.length} left after ${all.length} fixes`);
            }
          });
        }
      }
    });
  }
});
