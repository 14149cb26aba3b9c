import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MlcConfig } from '../../../../../src/core/lint/config';
import { emptyConfig } from '../../../../../src/core/lint/config';
import type { RuleMeta } from '../../../../../src/core/lint/types';

export const repoRoot = path.resolve(__dirname, '../../../../..');
export const lintRoot = path.join(repoRoot, 'src/core/lint');

interface AnyRule {
  meta: RuleMeta;
  check: (...args: never[]) => unknown;
}

function isRule(v: unknown): v is AnyRule {
  const r = v as Partial<AnyRule> | null;
  return typeof r === 'object' && r !== null && typeof r.check === 'function' && typeof r.meta?.id === 'string';
}

/** Imports a TypeScript module of the repository by path (tsx resolves it). */
export async function importModule(file: string): Promise<Record<string, unknown>> {
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

/**
 * Every rule in every registry found in `src/core/lint/rules/<family>/index.ts` (any exported array of
 * rules), deduplicated by ID, so rule families added later (Kubernetes, Compose, cross-file) are included.
 */
export async function allRegisteredRules(): Promise<AnyRule[]> {
  const byId = new Map<string, AnyRule>();
  const rulesDir = path.join(lintRoot, 'rules');
  for (const family of readdirSync(rulesDir, { withFileTypes: true })) {
    const index = path.join(rulesDir, family.name, 'index.ts');
    if (!family.isDirectory() || !existsSync(index)) {
      continue;
    }
    const mod = await importModule(index);
    for (const value of Object.values(mod)) {
      if (Array.isArray(value)) {
        for (const r of value.filter(isRule)) {
          byId.set(r.meta.id, r);
        }
      }
    }
  }
  return [...byId.values()].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
}

/** A config that turns every known rule on (off-by-default ones included), so input reaches all of them. */
export function everyRuleOn(ids: readonly string[]): MlcConfig {
  const config = emptyConfig();
  for (const id of ids) {
    config.rules[id] = { severity: 'on' };
  }
  config.trustedRegistries = ['registry.example:5000', 'ghcr.io'];
  return config;
}
