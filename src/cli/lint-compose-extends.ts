import * as path from 'node:path';
import { extendsFileNames, maxExtendsFileChars } from '../core/lint/compose/extends-files';
import { readTextFile } from '../infra/fs/read-text-file';
import type { LintJob } from './lint-file';

/**
 * Compose services that extend a service in another file (`extends: {file: common.yaml, service: base}`) are linted
 * merged with it, as Compose runs them: each Compose job gets the text of the files its services extend, relative to
 * its own folder, taken from the files already read or read here (small regular files only).
 */
export async function shareComposeExtends(slots: readonly { file: string; job?: LintJob }[]): Promise<void> {
  const known = new Map(slots.flatMap((s) => (s.job ? [[s.file, s.job.text] as const] : [])));
  const reads = new Map<string, Promise<string | undefined>>();
  const textOf = (file: string): Promise<string | undefined> => {
    let p = reads.get(file);
    if (!p) {
      const already = known.get(file);
      p = already !== undefined ? Promise.resolve(already) : readTextFile(file, maxExtendsFileChars).then((r) => (r.ok ? r.text : undefined));
      reads.set(file, p);
    }
    return p;
  };
  for (const s of slots) {
    if (s.job?.kind !== 'compose') {
      continue;
    }
    const files = new Map<string, string>();
    for (const name of extendsFileNames(s.job.text)) {
      const text = await textOf(path.resolve(path.dirname(s.file), name));
      if (text !== undefined) {
        files.set(name, text);
      }
    }
    if (files.size > 0) {
      s.job.composeExtends = files;
    }
  }
}
