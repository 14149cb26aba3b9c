import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { composeRules } from '../../../../src/core/lint/rules/compose';
import { describeFinding, expectations } from '../fixtures';
import { composeFixtureConfig, composeFixturesRoot, fixtureExtendsFiles, fixtureIncludedVolumes, listComposeFixtures } from './support';

describe('Compose rules: golden fixtures', () => {
  for (const rule of composeRules) {
    const id = rule.meta.id;
    const ruleDir = path.join(composeFixturesRoot, id);
    const fail = listComposeFixtures(path.join(ruleDir, 'fail'));
    const pass = listComposeFixtures(path.join(ruleDir, 'pass'));

    describe(`${id} ${rule.meta.name}`, () => {
      it('has fail and pass fixtures', () => {
        assert.ok(fail.length > 0, `${id} needs at least one fixture under ${path.relative(process.cwd(), ruleDir)}/fail`);
        assert.ok(pass.length > 0, `${id} needs at least one fixture under ${path.relative(process.cwd(), ruleDir)}/pass`);
      });

      for (const file of fail) {
        it(`flags fail/${path.basename(file)} exactly where expected`, async () => {
          const text = fs.readFileSync(file, 'utf8');
          const extendsFiles = await fixtureExtendsFiles(file, text);
          const includedVolumes = await fixtureIncludedVolumes(file, text);
          const expected = expectations(text);
          assert.ok(expected.length > 0, 'a fail fixture needs "# expect:" lines');
          assert.ok(expected.every((e) => e.startsWith(`${id}@`)), `expectations must name ${id}`);
          const config = composeFixtureConfig(ruleDir, file, id);
          const result = lintCompose(text, { config, rules: [rule], path: path.basename(file), extendsFiles, ...(includedVolumes ? { includedVolumes } : {}) });
          assert.deepEqual(result.problems, []);
          assert.deepEqual(result.findings.map((f) => describeFinding(f, false)).sort(), expected);
          for (const f of result.findings) {
            const setting = config.rules[id]?.severity;
            assert.equal(f.severity, setting === undefined || setting === 'on' ? rule.meta.severity : setting);
            assert.ok(f.message.length > 20 && !f.message.includes('\n'), 'messages are one line that says what to do');
            assert.ok(f.range.end.line > f.range.start.line || f.range.end.column > f.range.start.column, 'ranges are never empty');
          }
          if (rule.meta.fixable) {
            assert.ok(result.findings.some((f) => f.fix), `${id} is fixable: some fail fixture finding must carry a fix`);
          }
        });
      }

      for (const file of pass) {
        it(`does not flag pass/${path.basename(file)}`, async () => {
          const text = fs.readFileSync(file, 'utf8');
          const extendsFiles = await fixtureExtendsFiles(file, text);
          const includedVolumes = await fixtureIncludedVolumes(file, text);
          const result = lintCompose(text, { config: composeFixtureConfig(ruleDir, file, id), rules: [rule], path: path.basename(file), extendsFiles, ...(includedVolumes ? { includedVolumes } : {}) });
          assert.deepEqual(result.problems, []);
          assert.deepEqual(result.findings.map((f) => describeFinding(f, false)), []);
        });
      }
    });
  }

  it('every rule has a unique MLC ID in its family band, a kebab-case name, a description and a fixture folder', () => {
    const bands: Record<string, string> = { '0': 'correctness', '1': 'security', '2': 'reproducibility', '3': 'performance', '4': 'ml', '5': 'style' };
    const ids = new Set<string>();
    for (const rule of composeRules) {
      assert.match(rule.meta.id, /^MLC\d{3}$/);
      assert.equal(rule.meta.family, bands[rule.meta.id[3] as string], `${rule.meta.id} family`);
      assert.match(rule.meta.name, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      assert.ok(rule.meta.description.length > 10);
      assert.ok(!ids.has(rule.meta.id), `duplicate ${rule.meta.id}`);
      ids.add(rule.meta.id);
    }
    assert.equal(ids.size, 44, "the catalogue's 34 MLC rules, MLC010 (extends that Compose cannot resolve), MLC011 (volumes no top-level volumes: declares), MLC012 (healthchecks that always succeed), MLC013 (healthchecks that run a tool the image lacks), MLC014 (ports discarded under host networking), MLC105 (security_opt that turns confinement off), MLC414 (a server leaves GPUs idle), MLC415 (parallel sizes above the GPUs), MLC416 (CUDA selected without a GPU request) and MLC417 (ROCm without /dev/kfd)");
    for (const dir of fs.readdirSync(composeFixturesRoot)) {
      assert.ok(ids.has(dir), `fixture folder ${dir} belongs to no registered rule`);
    }
  });
});
