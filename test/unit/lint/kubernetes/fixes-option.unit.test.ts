import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { kubernetesRules } from '../../../../src/core/lint/rules/kubernetes';
import type { Finding } from '../../../../src/core/lint/types';
import { fixtureSchemas, kubernetesFixturesRoot, listManifestFixtures, manifestFixtureConfig } from './support';

function withoutFix(f: Finding): Finding {
  const rest = { ...f };
  delete rest.fix;
  return rest;
}

describe('Kubernetes lint: fixes: false', () => {
  it('reports the same findings as with fixes, only without their quick fixes (every failing fixture)', () => {
    let fixed = 0;
    for (const rule of kubernetesRules) {
      const ruleDir = path.join(kubernetesFixturesRoot, rule.meta.id);
      for (const file of listManifestFixtures(path.join(ruleDir, 'fail'))) {
        const text = fs.readFileSync(file, 'utf8');
        const options = { config: manifestFixtureConfig(ruleDir, file, rule.meta.id), rules: [rule], schemas: fixtureSchemas() };
        const full = lintManifest(text, options);
        const lean = lintManifest(text, { ...options, fixes: false });
        fixed += full.findings.filter((f) => f.fix !== undefined).length;
        assert.deepEqual(lean.problems, full.problems, file);
        assert.deepEqual(lean.findings, full.findings.map(withoutFix), file);
      }
    }
    assert.ok(fixed > 30, `the fixtures exercise quick fixes (${fixed} found)`);
  });

  it('keeps quick fixes by default', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: x:1\n';
    const rule = kubernetesRules.find((r) => r.meta.id === 'MLK102');
    assert.ok(rule);
    const [finding] = lintManifest(text, { rules: [rule] }).findings;
    assert.ok(finding?.fix, 'MLK102 offers its fix');
    assert.equal(lintManifest(text, { rules: [rule], fixes: false }).findings[0]?.fix, undefined);
  });
});
