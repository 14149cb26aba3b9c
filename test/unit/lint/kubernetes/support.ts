import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MlcConfig } from '../../../../src/core/lint/config';
import { emptyConfig, parseMlcConfig } from '../../../../src/core/lint/config';
import type { ManifestSchemas } from '../../../../src/core/lint/kubernetes/rule';
import { defaultKubernetesVersion, SchemaStore } from '../../../../src/core/schemas/store';
import type { KubernetesBundle } from '../../../../src/core/schemas/types';

export const kubernetesFixturesRoot = path.join(process.cwd(), 'test', 'fixtures', 'lint', 'kubernetes');

function readConfig(file: string): MlcConfig {
  if (!fs.existsSync(file)) {
    return emptyConfig();
  }
  const parsed = parseMlcConfig(fs.readFileSync(file, 'utf8'));
  if (!parsed.ok) {
    throw new Error(`${file}: ${parsed.errors.join('; ')}`);
  }
  return parsed.config;
}

/** `<fixture>.mlc.yaml`, else the rule folder's `fixture.mlc.yaml`, with the rule switched on. */
export function manifestFixtureConfig(ruleDir: string, fixture: string, ruleId: string): MlcConfig {
  const own = fixture.replace(/\.ya?ml$/, '.mlc.yaml');
  const config = readConfig(fs.existsSync(own) ? own : path.join(ruleDir, 'fixture.mlc.yaml'));
  const entry = config.rules[ruleId] ?? {};
  entry.severity ??= 'on';
  config.rules[ruleId] = entry;
  return config;
}

/** Manifest fixtures: `*.yaml` / `*.yml`, not their `*.mlc.yaml` configs. */
export function listManifestFixtures(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && !f.endsWith('.mlc.yaml'))
    .sort()
    .map((f) => path.join(dir, f));
}

let bundled: ManifestSchemas | undefined;

/** The bundled schemas (schemas/kubernetes.json) at the default version, read once. */
export function fixtureSchemas(): ManifestSchemas {
  bundled ??= {
    store: new SchemaStore(JSON.parse(fs.readFileSync(path.join(process.cwd(), 'schemas', 'kubernetes.json'), 'utf8')) as KubernetesBundle),
    version: defaultKubernetesVersion,
  };
  return bundled;
}
