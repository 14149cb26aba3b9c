import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ManifestSchemas } from '../core/lint/kubernetes/rule';
import { defaultKubernetesVersion } from '../core/schemas/store';
import type { SchemaStore } from '../core/schemas/store';
import { loadSchemaStore } from '../infra/schemas/load';

/**
 * The folder that holds `schemas/kubernetes.json` next to the running code: the extension folder for
 * dist/cli.js (repository or installed .vsix: dist/../schemas), the repository for the sources.
 */
export function bundledSchemasDir(from: string = __dirname): string | undefined {
  let dir = from;
  for (let up = 0; up < 3; up++) {
    if (fs.existsSync(path.join(dir, 'schemas', 'kubernetes.json'))) {
      return dir;
    }
    dir = path.dirname(dir);
  }
  return undefined;
}

/**
 * MLK002's schemas for `mlc lint`: the bundled store, loaded once on first use, at the config's
 * `kubernetesVersion` (default 1.34). When the store cannot be loaded, MLK002 is skipped with one warning.
 */
export function cliSchemas(warn: (message: string) => void, dir: string | undefined = bundledSchemasDir()): (kubernetesVersion: string | undefined) => Promise<ManifestSchemas | undefined> {
  let store: Promise<SchemaStore | undefined> | undefined;
  return async (kubernetesVersion) => {
    store ??= dir === undefined
      ? Promise.resolve(warn('schema validation (MLK002) skipped: the bundled schemas (schemas/kubernetes.json) are not next to the CLI')).then(() => undefined)
      : loadSchemaStore(dir).catch((e: unknown) => {
          warn(`schema validation (MLK002) skipped: cannot read the bundled schemas: ${e instanceof Error ? e.message : String(e)}`);
          return undefined;
        });
    const loaded = await store;
    return loaded ? { store: loaded, version: kubernetesVersion ?? defaultKubernetesVersion } : undefined;
  };
}
