import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MlcConfig } from '../../../../src/core/lint/config';
import type { ExtendsFiles } from '../../../../src/core/lint/compose/extends-files';
import { readExtendsFiles } from '../../../../src/core/lint/compose/read-extends-files';
import { includedVolumes } from '../../../../src/core/lint/compose/included-volumes';
import { readConfig } from '../fixtures';

export const composeFixturesRoot = path.join(process.cwd(), 'test', 'fixtures', 'lint', 'compose');

/** `<fixture>.mlc.yaml`, else the rule folder's `fixture.mlc.yaml`, with the rule switched on. */
export function composeFixtureConfig(ruleDir: string, fixture: string, ruleId: string): MlcConfig {
  const own = fixture.replace(/\.ya?ml$/, '.mlc.yaml');
  const config = readConfig(fs.existsSync(own) ? own : path.join(ruleDir, 'fixture.mlc.yaml'));
  const entry = config.rules[ruleId] ?? {};
  entry.severity ??= 'on';
  config.rules[ruleId] = entry;
  return config;
}

/** Compose fixtures: `*.yaml` / `*.yml`, not their `*.mlc.yaml` configs. */
export function listComposeFixtures(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && !f.endsWith('.mlc.yaml'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** A file next to a fixture, by its path relative to the fixture's folder; undefined when missing. */
function readBeside(fixture: string, name: string): Promise<string | undefined> {
  const file = path.resolve(path.dirname(fixture), name);
  return Promise.resolve(fs.existsSync(file) && fs.statSync(file).isFile() ? fs.readFileSync(file, 'utf8') : undefined);
}

/** The files a fixture's services extend (`extends.file`), read next to it as `mlc lint` reads them; missing ones are left out. */
export function fixtureExtendsFiles(fixture: string, text: string): Promise<ExtendsFiles> {
  return readExtendsFiles(text, (name) => readBeside(fixture, name));
}

/** The volumes a fixture's included files declare, read next to it as `mlc lint` reads them (see includedVolumes). */
export function fixtureIncludedVolumes(fixture: string, text: string): Promise<string[] | undefined> {
  return includedVolumes(text, (name) => readBeside(fixture, name));
}
