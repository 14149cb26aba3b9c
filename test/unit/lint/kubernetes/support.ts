import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MlcConfig } from '../../../../src/core/lint/config';
import { emptyConfig, parseMlcConfig } from '../../../../src/core/lint/config';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import type { KubeObject } from '../../../../src/core/lint/kubernetes/model';
import { kubeObject } from '../../../../src/core/lint/kubernetes/model';
import type { ManifestSchemas } from '../../../../src/core/lint/kubernetes/rule';
import { defaultKubernetesVersion, SchemaStore } from '../../../../src/core/schemas/store';
import type { KubernetesBundle } from '../../../../src/core/schemas/types';
import { YamlView } from '../../../../src/core/lint/yaml/access';
import { parseYaml } from '../../../../src/core/lint/yaml/parse';

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

/** The object model of a one-document manifest. */
export function objectOf(text: string): KubeObject {
  const file = parseYaml(text);
  const doc = file.documents[0];
  assert.ok(doc, 'one document');
  const obj = kubeObject(new YamlView(file, doc));
  assert.ok(obj, 'an object');
  return obj;
}

/** Rule IDs lintManifest reports (default rules, no schemas). */
export function ruleIds(text: string): string[] {
  return lintManifest(text).findings.map((f) => f.ruleId);
}

/** Rule IDs reported on a 1-based line. */
export function ruleIdsAt(text: string, line: number): string[] {
  return lintManifest(text).findings.filter((f) => f.range.start.line === line).map((f) => f.ruleId);
}
