import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SchemaStore } from '../../core/schemas/store';
import type { KubernetesBundle } from '../../core/schemas/types';

/** Reads the bundled schemas (schemas/kubernetes.json, schemas/compose.json) from the extension folder. */
export async function loadSchemaStore(extensionDir: string): Promise<SchemaStore> {
  const [kubernetes, compose] = await Promise.all(
    ['kubernetes.json', 'compose.json'].map(async (f) => JSON.parse(await readFile(join(extensionDir, 'schemas', f), 'utf8')) as unknown),
  );
  return new SchemaStore(kubernetes as KubernetesBundle, compose as ConstructorParameters<typeof SchemaStore>[1]);
}

/** One load per extension folder, started on first use and shared afterwards. */
export function lazySchemaStore(extensionDir: string): () => Promise<SchemaStore> {
  let pending: Promise<SchemaStore> | undefined;
  return () => {
    pending ??= loadSchemaStore(extensionDir).catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}
