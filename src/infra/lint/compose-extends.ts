import * as path from 'node:path';
import { extendsFileNames, maxExtendsFileChars } from '../../core/lint/compose/extends-files';
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
