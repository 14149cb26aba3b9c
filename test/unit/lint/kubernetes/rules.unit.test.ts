import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { kubernetesRules } from '../../../../src/core/lint/rules/kubernetes';
import { describeFinding, expectations } from '../fixtures';
import { fixtureSchemas, kubernetesFixturesRoot, listManifestFixtures, manifestFixtureConfig } from './support';

describe('Kubernetes rules: golden fixtures', () => {
  for (const rule of kubernetesRules) {
    const id = rule.meta.id;
    const ruleDir = path.join(kubernetesFixturesRoot, id);
    const fail = listManifestFixtures(path.join(ruleDir, 'fail'));
    const pass = listManifestFixtures(path.join(ruleDir, 'pass'));

    describe(`${id} ${rule.meta.name}`, () => {
      it('has fail and pass fixtures', () => {
        assert.ok(fail.length > 0, `${id} needs at least one fixture under ${path.relative(process.cwd(), ruleDir)}/fail`);
        assert.ok(pass.length > 0, `${id} needs at least one fixture under ${path.relative(process.cwd(), ruleDir)}/pass`);
      });

      for (const file of fail) {
        it(`flags fail/${path.basename(file)} exactly where expected`, () => {
          const text = fs.readFileSync(file, 'utf8');
          const expected = expectations(text);
          assert.ok(expected.length > 0, 'a fail fixture needs "# expect:" lines');
          assert.ok(expected.every((e) => e.startsWith(`${id}@`)), `expectations must name ${id}`);
          const config = manifestFixtureConfig(ruleDir, file, id);
          const result = lintManifest(text, { config, rules: [rule], schemas: fixtureSchemas() });
          assert.deepEqual(result.problems, []);
          assert.deepEqual(result.findings.map((f) => describeFinding(f, false)).sort(), expected);
          for (const f of result.findings) {
            const setting = config.rules[id]?.severity;
            assert.equal(f.severity, setting === undefined || setting === 'on' ? rule.meta.severity : setting);
            assert.ok(f.message.length > 20 && !f.message.includes('\n'), 'messages are one line that says what to do');
            assert.ok(f.range.end.line > f.range.start.line || f.range.end.column > f.range.start.column, 'ranges are never empty');
          }
        });
      }

      for (const file of pass) {
        it(`does not flag pass/${path.basename(file)}`, () => {
          const text = fs.readFileSync(file, 'utf8');
          const result = lintManifest(text, { config: manifestFixtureConfig(ruleDir, file, id), rules: [rule], schemas: fixtureSchemas() });
          assert.deepEqual(result.problems, []);
          assert.deepEqual(result.findings.map((f) => describeFinding(f, false)), []);
        });
      }
    });
  }

  it('every rule has a unique MLK ID, a kebab-case name, a description and a fixture folder', () => {
    const ids = new Set<string>();
    for (const rule of kubernetesRules) {
      assert.match(rule.meta.id, /^MLK\d{3}$/);
      assert.match(rule.meta.name, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      assert.ok(rule.meta.description.length > 10);
      assert.ok(!ids.has(rule.meta.id), `duplicate ${rule.meta.id}`);
      ids.add(rule.meta.id);
    }
    for (const dir of fs.readdirSync(kubernetesFixturesRoot)) {
      assert.ok(ids.has(dir), `fixture folder ${dir} belongs to no registered rule`);
    }
  });
});
