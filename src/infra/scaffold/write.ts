import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { PlannedFile } from '../../core/scaffold/types';

export interface WriteOutcome {
  written: string[];
  /** Files that already existed and were left alone. */
  skipped: string[];
  overwritten: string[];
}

/** Resolves a planned path inside root, refusing anything that would escape it. */
export function resolveInside(root: string, rel: string): string {
  const full = path.resolve(root, rel);
  const relative = path.relative(path.resolve(root), full);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new Error(`refusing to write outside ${root}: ${rel}`);
  }
  return full;
}

/**
 * Writes planned files under root. Existing files are skipped unless overwrite is set; the
 * no-overwrite path uses an exclusive create, so a file appearing meanwhile is never clobbered.
 */
export async function writePlannedFiles(root: string, files: readonly PlannedFile[], overwrite: boolean): Promise<WriteOutcome> {
  const outcome: WriteOutcome = { written: [], skipped: [], overwritten: [] };
  for (const file of files) {
    const full = resolveInside(root, file.path);
    await fs.mkdir(path.dirname(full), { recursive: true });
    try {
      await fs.writeFile(full, file.content, { encoding: 'utf8', flag: 'wx' });
      outcome.written.push(file.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw err;
      }
      if (!overwrite) {
        outcome.skipped.push(file.path);
        continue;
      }
      await fs.writeFile(full, file.content, 'utf8');
      outcome.overwritten.push(file.path);
    }
  }
  return outcome;
}
