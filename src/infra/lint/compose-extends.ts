import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { defaultComposeFileNames, defaultOverrideFor, extendsFileNames, maxExtendsFileChars } from '../../core/lint/compose/extends-files';
import type { ExtendsFiles } from '../../core/lint/compose/extends-files';
import { readTextFile } from '../fs/read-text-file';

/**
 * The files a Compose text's services extend (`extends: {file: …}`), read relative to its folder as `mlc lint` reads
 * them (small regular files only), by the path as written: the editor's `extendsFiles`.
 */
export async function composeExtendsNear(dir: string, text: string): Promise<ExtendsFiles> {
  const names = extendsFileNames(text);
  const reads = await Promise.all(names.map((name) => readTextFile(path.resolve(dir, name), maxExtendsFileChars)));
  return new Map(
    names.flatMap((name, k) => {
      const read = reads[k];
      return read?.ok ? [[name, read.text] as const] : [];
    }),
  );
}

/**
 * The text of the override file `docker compose` merges over the Compose file `file` without `-f`
 * (`compose.override.yaml` beside `compose.yaml`), read as `mlc lint` reads it; undefined when there is none.
 */
export async function composeOverrideNear(file: string): Promise<string | undefined> {
  const name = path.basename(file);
  if (!defaultComposeFileNames.includes(name)) {
    return undefined;
  }
  const dir = path.dirname(file);
  const override = defaultOverrideFor(name, new Set(await fs.readdir(dir).catch(() => [])));
  const read = override === undefined ? undefined : await readTextFile(path.join(dir, override), maxExtendsFileChars);
  return read?.ok ? read.text : undefined;
}
