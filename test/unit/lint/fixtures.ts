import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MlcConfig } from '../../../src/core/lint/config';
import { emptyConfig, parseMlcConfig } from '../../../src/core/lint/config';
import type { Finding } from '../../../src/core/lint/types';

export const dockerfileFixturesRoot = path.join(process.cwd(), 'test', 'fixtures', 'lint', 'dockerfile');

/** `# expect: MLD402@3:6-3:17 MLD402@5:6-5:12` → ["MLD402@3:6-3:17", …] (line-only form `MLD402@3` allowed). */
export function expectations(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/#\s*expect:\s*(.*)$/gm)) {
    out.push(...(m[1] ?? '').trim().split(/\s+/).filter((s) => s !== ''));
  }
  return out.sort();
}

export function describeFinding(f: Finding, lineOnly: boolean): string {
  const r = f.range;
  return lineOnly ? `${f.ruleId}@${r.start.line}` : `${f.ruleId}@${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`;
}

export function readConfig(file: string): MlcConfig {
  if (!fs.existsSync(file)) {
    return emptyConfig();
  }
  const parsed = parseMlcConfig(fs.readFileSync(file, 'utf8'));
  if (!parsed.ok) {
    throw new Error(`${file}: ${parsed.errors.join('; ')}`);
  }
  return parsed.config;
}

/** The config for one fixture: `<fixture>.mlc.yaml`, else the rule folder's `fixture.mlc.yaml`, with the rule switched on. */
export function fixtureConfig(ruleDir: string, fixture: string, ruleId: string): MlcConfig {
  const own = fixture.replace(/\.Dockerfile$/, '.mlc.yaml');
  const config = readConfig(fs.existsSync(own) ? own : path.join(ruleDir, 'fixture.mlc.yaml'));
  const entry = config.rules[ruleId] ?? {};
  if (entry.severity === undefined) {
    entry.severity = 'on';
  }
  config.rules[ruleId] = entry;
  return config;
}

export function listFixtures(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.Dockerfile'))
    .sort()
    .map((f) => path.join(dir, f));
}
