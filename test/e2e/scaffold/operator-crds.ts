// The CRDs the scaffold's operator variants need (KServe, Kubeflow training operator), read from the
// same Go module files the bundled schemas were generated from (schemas/manifest.json; fill the cache
// with node scripts/schemas/fetch-crd-modules.mjs).
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from '../cluster/cluster';

interface Manifest {
  crds: { id: string; source: { kind: string; module: string; version: string; files: string[] } }[];
}

const goModCache = process.env.GOMODCACHE ?? join(homedir(), '.cache', 'ml-containers', 'go', 'pkg', 'mod');
/** Go's module cache escapes upper-case letters as !lower. */
const escapeModule = (m: string) => m.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);

/** CustomResourceDefinition objects of the given manifest entries; throws naming the missing file. */
export function operatorCrds(ids: readonly string[]): Record<string, unknown>[] {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'schemas', 'manifest.json'), 'utf8')) as Manifest;
  const entries = manifest.crds.filter((c) => ids.includes(c.id));
  if (entries.length !== ids.length) {
    throw new Error(`schemas/manifest.json lacks ${ids.filter((id) => !entries.some((e) => e.id === id)).join(', ')}`);
  }
  return entries.flatMap(({ source }) => source.files.flatMap((f) => {
    const file = join(goModCache, `${escapeModule(source.module)}@${source.version}`, f);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new Error(`CRD file ${f} of ${source.module}@${source.version} is not in the Go module cache (run node scripts/schemas/fetch-crd-modules.mjs)`);
    }
    return parseAllDocuments(text).map((d) => d.toJS() as Record<string, unknown>).filter((o) => o?.kind === 'CustomResourceDefinition');
  }));
}
