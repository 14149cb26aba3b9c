import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import { fsBuildContext } from '../../../src/infra/lint/build-context';
import { describeFinding, dockerfileFixturesRoot, expectations, fixtureConfig, listFixtures } from './fixtures';

describe('Dockerfile rules: golden fixtures', () => {
  for (const rule of dockerfileRules) {
    const id = rule.meta.id;
    const ruleDir = path.join(dockerfileFixturesRoot, id);
    const fail = listFixtures(path.join(ruleDir, 'fail'));
    const pass = listFixtures(path.join(ruleDir, 'pass'));

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
          const lineOnly = expected.every((e) => !e.includes(':'));
          const config = fixtureConfig(ruleDir, file, id);
          const result = lintDockerfile(text, { config, rules: [rule], buildContext: fsBuildContext(path.dirname(file)) });
          assert.deepEqual(result.problems, []);
          const actual = result.findings.map((f) => describeFinding(f, lineOnly)).sort();
          assert.deepEqual(actual, expected);
          for (const f of result.findings) {
            const setting = config.rules[id]?.severity;
            assert.equal(f.severity, setting === undefined || setting === 'on' ? rule.meta.severity : setting);
            assert.ok(f.message.length > 20 && !f.message.includes('\n'), 'messages are one line that says what to do');
          }
        });
      }

      for (const file of pass) {
        it(`does not flag pass/${path.basename(file)}`, () => {
          const text = fs.readFileSync(file, 'utf8');
          const result = lintDockerfile(text, { config: fixtureConfig(ruleDir, file, id), rules: [rule], buildContext: fsBuildContext(path.dirname(file)) });
          assert.deepEqual(result.problems, []);
          assert.deepEqual(result.findings.map((f) => describeFinding(f, false)), []);
        });
      }
    });
  }

  it('every rule has a unique, well-formed ID, a kebab-case name and a description', () => {
    const ids = new Set<string>();
    for (const rule of dockerfileRules) {
      assert.match(rule.meta.id, /^MLD\d{3}$/);
      assert.match(rule.meta.name, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      assert.ok(rule.meta.description.length > 10);
      assert.ok(!ids.has(rule.meta.id), `duplicate ${rule.meta.id}`);
      ids.add(rule.meta.id);
    }
  });
});
